// What the runtime charges for a message commitment next to a balance transfer, as a
// wallet sees it (`paymentInfo`): weight, proof size and fee of `balances.transferKeepAlive`,
// of `envelope.commitSigned` submitted by the account funding the sender DID and of a
// DID-authorized `envelope.commit` (the common case: open inbox, live sender with its
// current key), and of a DID-authorized `envelope.commitBatch`, on a dev node started
// from $MISSIVE_NODE. Prints one JSON object.
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

import { createDid, didCall, envelopeOf, signedCommit } from './dapp.mjs';
import { startDevNode } from './dev-node.mjs';

const { api, stop } = await startDevNode();
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 7339 });
  const payer = keyring.addFromUri('//Alice');
  const aliceKey = keyring.addFromUri('//AliceDid');
  const aliceAssertion = keyring.addFromUri('//AliceDid//assertion');
  const alice = await createDid(api, aliceKey, aliceAssertion, payer);
  const bob = await createDid(api, keyring.addFromUri('//BobDid'), keyring.addFromUri('//BobDid//assertion'), payer);

  const charged = async (tx) => {
    const info = await api.tx(tx.method).paymentInfo(payer);
    return {
      ref_time_us: info.weight.refTime.toNumber() / 1e6,
      proof_size: info.weight.proofSize.toNumber(),
      fee_planck: info.partialFee.toString(),
      call_bytes: tx.method.encodedLength,
    };
  };
  const transfer = await charged(api.tx.balances.transferKeepAlive(keyring.addFromUri('//Bob').address, 1_000_000_000_000n));
  const { call, signed } = signedCommit(api, envelopeOf(alice, bob, stringToU8a('(ciphertext)')), aliceAssertion);
  const direct = await charged(api.tx.envelope.commitSigned(signed));
  const commit = await charged(await didCall(api, alice, aliceAssertion, payer, call));
  const batch = await charged(await didCall(api, alice, aliceAssertion, payer,
    api.tx.envelope.commitBatch(blake2AsU8a(stringToU8a('root'), 256), 1000,
      u8aToHex(stringToU8a('statement:0x00'))).method));
  const ratio = (x) => ({
    ref_time: +(x.ref_time_us / transfer.ref_time_us).toFixed(2),
    proof_size: +(x.proof_size / transfer.proof_size).toFixed(2),
    fee: +(Number(x.fee_planck) / Number(transfer.fee_planck)).toFixed(2),
  });
  console.log(JSON.stringify({
    transfer_keep_alive: transfer,
    commit_signed: { ...direct, versus_transfer: ratio(direct) },
    did_commit: { ...commit, versus_transfer: ratio(commit) },
    did_commit_batch_1000: { ...batch, versus_transfer: ratio(batch) },
  }, null, 2));
} finally {
  await stop();
}
