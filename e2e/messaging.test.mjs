// A dApp on Missive with nothing but polkadot.js and the chain's metadata: create two
// DIDs, let one grant the other consent to message it, and commit an envelope.
// Starts the node binary named by $MISSIVE_NODE on free loopback ports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { compactAddLength, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

import { startDevNode } from './dev-node.mjs';

let dev;
let api;

before(async () => { dev = await startDevNode(); api = dev.api; }, { timeout: 360_000 });
after(async () => { if (dev) await dev.stop(); });

/** SCALE `Vec<u8>` of a domain tag, as the runtime encodes `&[u8]`. */
const tag = (text) => compactAddLength(stringToU8a(text));

/** A `did:missive` id: blake2-256 of the domain tag and the sr25519 key (variant 1). */
function didOf(pair) {
  return blake2AsU8a(u8aConcat(tag('missive/did/id'), new Uint8Array([1]), pair.publicKey), 256);
}

/** Signs, submits and waits for the block; fails on a dispatch error. */
function submit(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(detail ? `${detail.section}.${detail.name}` : dispatchError.toString()));
      } else if (status.isInBlock) resolve(events);
    }).catch(reject);
  });
}

const ZERO_SIGNATURE = { Sr25519: new Uint8Array(64) };

/** Creates a DID with `key` as its authentication key and `assertion` as its
 * assertion key (which signs envelopes), paid by `payer`. */
async function createDid(key, assertion, payer) {
  const genesis = api.genesisHash.toU8a();
  const details = {
    did: didOf(key),
    submitter: payer.address,
    authentication: { Sr25519: key.publicKey },
    assertion: { Sr25519: assertion.publicKey },
    delegation: null,
    keyAgreement: [],
    controllers: [],
    services: [],
  };
  // The call's own encoding of `details` is what the key signs.
  const encoded = api.tx.did.create(details, ZERO_SIGNATURE).method.args[0].toU8a();
  const signature = key.sign(u8aConcat(tag('missive/did/create'), encoded, genesis));
  await submit(api.tx.did.create(details, { Sr25519: signature }), payer);
  return details.did;
}

/** Submits `call` as `did`, signed with `key`, paid by `payer`. */
async function asDid(did, key, payer, call) {
  const record = (await api.query.did.dids(did)).unwrap();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const operation = {
    did,
    nonce: record.document.nonce.toBigInt() + 1n,
    validFrom: best,
    validUntil: best + 20,
    submitter: payer.address,
    call,
  };
  const encoded = api.tx.did.submitDidCall(operation, ZERO_SIGNATURE).method.args[0].toU8a();
  const signature = key.sign(u8aConcat(tag('missive/did/call'), encoded, api.genesisHash.toU8a()));
  return submit(api.tx.did.submitDidCall(operation, { Sr25519: signature }), payer);
}

test('a dApp creates DIDs, grants consent and commits an envelope with polkadot.js alone', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 7339 });
  const payer = keyring.addFromUri('//Alice');
  const aliceKey = keyring.addFromUri('//AliceDid');
  const aliceAssertion = keyring.addFromUri('//AliceDid//assertion');
  const bobKey = keyring.addFromUri('//BobDid');
  const bobAssertion = keyring.addFromUri('//BobDid//assertion');
  const alice = await createDid(aliceKey, aliceAssertion, payer);
  const bob = await createDid(bobKey, bobAssertion, payer);
  assert.ok((await api.query.did.dids(alice)).isSome, 'Alice\'s DID is live');

  // Bob's inbox requires consent; Bob grants Alice messaging.
  const policy = { mode: 'ConsentRequired', maxPerSender: null, maxPayloadSize: null, retention: null };
  await asDid(bob, bobKey, payer, api.tx.policy.setInboxPolicy(policy).method);
  const receipt = blake2AsU8a(stringToU8a('consent receipt: Bob lets Alice message him'), 256);
  const granted = await asDid(bob, bobKey, payer,
    api.tx.consent.grant(alice, 'Messaging', null, receipt).method);
  const grantedEvent = granted.find(({ event }) => api.events.consent.Granted.is(event));
  assert.ok(grantedEvent, 'a Granted event');
  assert.equal(u8aToHex(grantedEvent.event.data.receiptHash), u8aToHex(receipt));
  const grant = await api.query.consent.grants(bob, alice, 'Messaging');
  assert.ok(grant.isSome, 'the grant is in storage');

  // Alice commits an envelope to Bob: the envelope and the DID call are both signed
  // with her assertion key.
  const ciphertext = stringToU8a('(ciphertext produced off chain)');
  const envelope = {
    sender: alice,
    destination: { Did: bob },
    conversation: blake2AsU8a(stringToU8a('alice+bob'), 256),
    contentHash: blake2AsU8a(ciphertext, 256),
    // polkadot.js names the field `size_` (`size` is taken by its Struct type).
    size_: ciphertext.length,
    // A hex string is taken as the bytes themselves (a Uint8Array as their encoding).
    locator: u8aToHex(stringToU8a('statement:0x00')),
  };
  const draft = api.tx.envelope.commit({ envelope, signature: ZERO_SIGNATURE });
  const encodedEnvelope = draft.method.args[0].envelope.toU8a();
  const envelopeSignature = aliceAssertion.sign(
    u8aConcat(tag('missive/envelope'), encodedEnvelope, api.genesisHash.toU8a()));
  const committed = await asDid(alice, aliceAssertion, payer,
    api.tx.envelope.commit({ envelope, signature: { Sr25519: envelopeSignature } }).method);

  const id = blake2AsU8a(u8aConcat(tag('missive/envelope-id'), encodedEnvelope), 256);
  const event = committed.find(({ event }) => api.events.envelope.EnvelopeCommitted.is(event));
  assert.ok(event, 'an EnvelopeCommitted event');
  assert.equal(event.event.data.id.toHex(), u8aToHex(id), 'the id a dApp computes is the chain\'s');
  const stored = (await api.query.envelope.commitments(id)).unwrap();
  assert.equal(stored.envelope.contentHash.toHex(), u8aToHex(envelope.contentHash));
  assert.ok(stored.expiresAt.toNumber() > stored.committedAt.toNumber());

  // Without consent, the chain refuses Bob's envelope to Charlie's closed inbox.
  const charlieKey = keyring.addFromUri('//CharlieDid');
  const charlie = await createDid(charlieKey, keyring.addFromUri('//CharlieDid//assertion'), payer);
  await asDid(charlie, charlieKey, payer, api.tx.policy.setInboxPolicy({ ...policy, mode: 'Closed' }).method);
  const toCharlie = { ...envelope, sender: bob, destination: { Did: charlie } };
  const encodedToCharlie = api.tx.envelope.commit({ envelope: toCharlie, signature: ZERO_SIGNATURE })
    .method.args[0].envelope.toU8a();
  const bobSignature = bobAssertion.sign(
    u8aConcat(tag('missive/envelope'), encodedToCharlie, api.genesisHash.toU8a()));
  await assert.rejects(
    asDid(bob, bobAssertion, payer,
      api.tx.envelope.commit({ envelope: toCharlie, signature: { Sr25519: bobSignature } }).method),
    /envelope\.InboxClosed/,
  );
});
