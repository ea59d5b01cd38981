// Starts nodes on free loopback ports and connects polkadot.js to them, for the tests
// in this folder: the Missive node ($MISSIVE_NODE) as a dev chain, and
// polkadot-omni-node ($MISSIVE_OMNI_NODE) running the parachain runtime's chain spec
// ($MISSIVE_PARA_SPEC) in dev mode.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const PATIENCE_MS = 300_000;

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Whether something accepts TCP connections on `port` of loopback. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A running Missive dev node and an API connected to it, once it has produced a block. */
export async function startDevNode() {
  const binary = process.env.MISSIVE_NODE;
  assert.ok(binary, 'set MISSIVE_NODE to the missive-node binary');
  return startNode(binary, ['--dev', '--no-mdns']);
}

/** polkadot-omni-node running the parachain runtime in dev mode (a block a second, no
 * relay chain), and an API connected to it, once it has produced a block. */
export async function startOmniNode() {
  const binary = process.env.MISSIVE_OMNI_NODE;
  const spec = process.env.MISSIVE_PARA_SPEC;
  assert.ok(binary && spec, 'set MISSIVE_OMNI_NODE and MISSIVE_PARA_SPEC (scripts/parachain.sh)');
  return startNode(binary, ['--chain', spec, '--dev-block-time', '1000']);
}

async function startNode(binary, args) {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const node = spawn(binary, [
    ...args, '--tmp', '--no-telemetry', '--no-prometheus',
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  node.stdout.on('data', (d) => { log += d; });
  node.stderr.on('data', (d) => { log += d; });

  await cryptoWaitReady();
  // Connect once the RPC server is up, rather than logging failed attempts meanwhile.
  const deadline = Date.now() + PATIENCE_MS;
  while (!(await listening(rpcPort))) {
    assert.ok(node.exitCode === null, `the node exited:\n${log.slice(-3000)}`);
    assert.ok(Date.now() < deadline, `no RPC server on port ${rpcPort}:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const url = `ws://127.0.0.1:${rpcPort}`;
  const provider = new WsProvider(url, 1_000);
  const api = await ApiPromise.create({ provider, throwOnConnect: false, noInitWarn: true });
  await api.isReady;
  // Wait for block production, so a transaction has a block to go into.
  while ((await api.rpc.chain.getHeader()).number.toNumber() < 1) {
    assert.ok(Date.now() < deadline, `no block produced:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }

  return {
    api,
    url,
    /** A raw JSON-RPC call, for methods polkadot.js does not decorate. */
    rpc: (method, params) => provider.send(method, params),
    log: () => log,
    async stop() {
      await api.disconnect();
      if (node.exitCode === null) {
        node.kill('SIGINT');
        await once(node, 'exit');
      }
    },
  };
}
