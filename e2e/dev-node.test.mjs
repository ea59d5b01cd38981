// A dApp's view of a Missive dev node: nothing but polkadot.js and the chain's own
// metadata.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { checkAddress } from '@polkadot/util-crypto';

import { startDevNode } from './dev-node.mjs';

let dev;
let api;

before(async () => { dev = await startDevNode(); api = dev.api; }, { timeout: 360_000 });
after(async () => { if (dev) await dev.stop(); });

test('metadata decodes and names the runtime and its pallets', async () => {
  assert.ok(api.runtimeMetadata.version >= 14, `metadata v${api.runtimeMetadata.version}`);
  assert.equal(api.runtimeVersion.specName.toString(), 'missive');
  for (const pallet of ['system', 'timestamp', 'aura', 'grandpa', 'balances', 'transactionPayment', 'sudo', 'utility', 'did', 'consent', 'policy', 'envelope']) {
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
