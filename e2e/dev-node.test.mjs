// A dApp's view of a Missive dev node: nothing but polkadot.js and the chain's own
// metadata. Starts the node binary named by $MISSIVE_NODE on free loopback ports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { checkAddress, cryptoWaitReady } from '@polkadot/util-crypto';

const NODE = process.env.MISSIVE_NODE;
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

let node;
let api;
let log = '';

before(async () => {
  assert.ok(NODE, 'set MISSIVE_NODE to the missive-node binary');
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  node = spawn(NODE, [
    '--dev', '--tmp', '--no-mdns', '--no-telemetry', '--no-prometheus',
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  node.stdout.on('data', (d) => { log += d; });
  node.stderr.on('data', (d) => { log += d; });

  await cryptoWaitReady();
  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, 1_000);
  api = await ApiPromise.create({ provider, throwOnConnect: false, noInitWarn: true });
  await api.isReady;
  // Wait for block production, so a transaction has a block to go into.
  const deadline = Date.now() + PATIENCE_MS;
  while ((await api.rpc.chain.getHeader()).number.toNumber() < 1) {
    assert.ok(Date.now() < deadline, `no block produced:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}, { timeout: PATIENCE_MS + 60_000 });

after(async () => {
  if (api) await api.disconnect();
  if (node && node.exitCode === null) {
    node.kill('SIGINT');
    await once(node, 'exit');
  }
});

test('metadata decodes and names the runtime and its pallets', async () => {
  assert.ok(api.runtimeMetadata.version >= 14, `metadata v${api.runtimeMetadata.version}`);
  assert.equal(api.runtimeVersion.specName.toString(), 'missive');
  for (const pallet of ['system', 'timestamp', 'aura', 'grandpa', 'balances', 'transactionPayment', 'sudo', 'utility']) {
    assert.ok(api.query[pallet] || api.tx[pallet], `pallet ${pallet} is in the metadata`);
  }
  assert.equal(typeof api.tx.balances.transferKeepAlive, 'function');
  assert.equal(typeof api.tx.utility.batchAll, 'function');
  const existentialDeposit = api.consts.balances.existentialDeposit.toBigInt();
  assert.equal(existentialDeposit, 10n ** 9n, 'one milli-MSV');
});

test('chain properties name the token, its decimals and the SS58 prefix', async () => {
  const properties = await api.rpc.system.properties();
  assert.equal(properties.ss58Format.unwrap().toNumber(), 7339);
  assert.deepEqual(properties.tokenSymbol.unwrap().map(String), ['MSV']);
  assert.deepEqual(properties.tokenDecimals.unwrap().map((d) => d.toNumber()), [12]);
  assert.equal(api.registry.chainSS58, 7339);
  assert.deepEqual(api.registry.chainTokens, ['MSV']);
  assert.equal((await api.rpc.system.chain()).toString(), 'Missive Development');
});

test('a signed transfer lands in a block and moves exactly the amount', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 7339 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  assert.deepEqual(checkAddress(alice.address, 7339), [true, null], 'addresses use the Missive prefix');

  const amount = 3n * 10n ** 12n;
  const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();

  const events = await new Promise((resolve, reject) => {
    api.tx.balances
      .transferKeepAlive(bob.address, amount)
      .signAndSend(alice, ({ status, events, dispatchError }) => {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        else if (status.isInBlock) resolve(events);
      })
      .catch(reject);
  });

  const names = events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(', '));
  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'a Transfer event');
  assert.equal(transfer.event.data.amount.toBigInt(), amount);
  assert.equal(transfer.event.data.to.toString(), bob.address);

  const bobAfter = (await api.query.system.account(bob.address)).data.free.toBigInt();
  assert.equal(bobAfter - bobBefore, amount);
});
