// The Missive runtime as a parachain, under polkadot-omni-node in dev mode: a dApp
// does with polkadot.js what it does on the solochain, and the `missive` client
// resolves DIDs through `state_call` (omni-node has no custom RPC) to the same
// documents the solochain node's `did_resolve` gives.
//
// Needs $MISSIVE_OMNI_NODE and $MISSIVE_PARA_SPEC (scripts/parachain.sh spec),
// $MISSIVE_NODE and $MISSIVE_CLI (the `missive` binary); scripts/test.sh sets them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { didText, messagingScenario } from './dapp.mjs';
import { startDevNode, startOmniNode } from './dev-node.mjs';

const run = promisify(execFile);
let para;
let solo;

before(async () => {
  para = await startOmniNode();
  solo = await startDevNode();
}, { timeout: 600_000 });
after(async () => {
  if (para) await para.stop();
  if (solo) await solo.stop();
});

/** `missive did show --json` against the node at `url`. */
async function clientResolves(url, did) {
  const cli = process.env.MISSIVE_CLI;
  assert.ok(cli, 'set MISSIVE_CLI to the missive binary');
  const { stdout } = await run(cli, ['--url', url, '--json', 'did', 'show', did], { timeout: 120_000 });
  return JSON.parse(stdout);
}

test('omni-node runs the parachain runtime: its version, pallets and para id', async () => {
  const { api } = para;
  const version = api.runtimeVersion;
  assert.equal(version.specName.toString(), 'missive-parachain');
  for (const pallet of ['did', 'consent', 'policy', 'envelope', 'parachainSystem', 'collatorSelection', 'polkadotXcm']) {
    assert.ok(api.tx[pallet] || api.query[pallet], `pallet ${pallet}`);
  }
  assert.equal((await api.query.parachainInfo.parachainId()).toNumber(), Number(process.env.MISSIVE_PARA_ID ?? 2000));
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  // Dev mode seals and finalizes a block a second.
  for (let tries = 0; ; tries++) {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    if (finalized.number.toNumber() > start) break;
    assert.ok(tries < 60, 'blocks are finalized');
    await new Promise((r) => setTimeout(r, 1_000));
  }
});

test('a dApp creates DIDs, grants consent and commits an envelope on the parachain', async () => {
  const onPara = await messagingScenario(para.api);
  const onSolo = await messagingScenario(solo.api);
  // The same keys make the same DIDs on both chains.
  assert.deepEqual(onPara, onSolo);

  // omni-node serves no Missive RPC ...
  await assert.rejects(para.rpc('did_resolve', [didText(onPara.alice)]), /not found/i);

  for (const did of [onPara.alice, onPara.bob]) {
    const text = didText(did);
    // ... so the client resolves through `state_call` (DidApi_resolve) on the
    // parachain, and gets the document the solochain node's `did_resolve` gives.
    const fromPara = await clientResolves(para.url, text);
    const fromSolo = await solo.rpc('did_resolve', [text]);
    assert.equal(fromPara.didDocument.id, text);
    assert.ok(fromPara.didDocument.verificationMethod.length >= 2, 'authentication and assertion keys');
    assert.deepEqual(fromPara.didDocument, fromSolo.didDocument, `${text}'s document`);
    assert.equal(fromPara.didDocumentMetadata.versionId, fromSolo.didDocumentMetadata.versionId);
    assert.equal(fromPara.didDocumentMetadata.deactivated, false);
    // The metadata names the parachain block the document was read at.
    // (Metadata values are strings: the number too.)
    const { blockHash, blockNumber } = fromPara.didResolutionMetadata;
    assert.equal(typeof blockNumber, 'string');
    assert.equal((await para.api.rpc.chain.getBlockHash(Number(blockNumber))).toHex(), blockHash);

    // The client's own resolution against the solochain node is byte for byte the RPC's
    // (the same shared code builds both).
    const clientOnSolo = await clientResolves(solo.url, text);
    const rpcAtSameBlock = await solo.rpc('did_resolve',
      [text, { at: clientOnSolo.didResolutionMetadata.blockHash }]);
    assert.deepEqual(clientOnSolo, rpcAtSameBlock);
  }

  // An unknown DID: the client prints the W3C `notFound` result (its first line) and
  // exits 1.
  const unknown = didText(new Uint8Array(32).fill(7));
  await assert.rejects(clientResolves(para.url, unknown), (error) => {
    assert.equal(error.code, 1);
    assert.equal(JSON.parse(error.stdout.split('\n')[0]).didResolutionMetadata.error, 'notFound');
    return true;
  });
});
