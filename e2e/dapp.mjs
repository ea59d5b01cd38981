// What a dApp needs to act on Missive with polkadot.js alone: DID ids, DID creation,
// DID-authorized calls and envelope signing, from the chain's metadata and Missive's
// documented signing payloads. Every function takes the `api` of the chain to act on.
import assert from 'node:assert/strict';

import { Keyring } from '@polkadot/keyring';
import { compactAddLength, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { base58Encode, blake2AsU8a } from '@polkadot/util-crypto';

/** SCALE `Vec<u8>` of a domain tag, as the runtime encodes `&[u8]`. */
export const tag = (text) => compactAddLength(stringToU8a(text));

/** A `did:missive` id: blake2-256 of the domain tag and the sr25519 key (variant 1). */
export function didOf(pair) {
  return blake2AsU8a(u8aConcat(tag('missive/did/id'), new Uint8Array([1]), pair.publicKey), 256);
}

/** Signs, submits and waits for the block (or finality); fails on a dispatch error. */
export function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(detail ? `${detail.section}.${detail.name}` : dispatchError.toString()));
      // A manual-seal dev node (omni-node's dev mode) reports a sealed transaction as
      // finalized at once, without an in-block status first.
      } else if (status.isInBlock || status.isFinalized) resolve(events);
    }).catch(reject);
  });
}

const ZERO_SIGNATURE = { Sr25519: new Uint8Array(64) };

/** Creates a DID with `key` as its authentication key and `assertion` as its
 * assertion key (which signs envelopes), paid by `payer`. */
export async function createDid(api, key, assertion, payer) {
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
  await submit(api, api.tx.did.create(details, { Sr25519: signature }), payer);
  return details.did;
}

/** `did.submitDidCall` of `call` as `did`, with the DID's next nonce, signed with `key`,
 * to be submitted by `payer`. */
export async function didCall(api, did, key, payer, call) {
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
  const transactionVersion = api.runtimeVersion.transactionVersion.toU8a();
  const signature = key.sign(
    u8aConcat(tag('missive/did/call'), encoded, api.genesisHash.toU8a(), transactionVersion),
  );
  return api.tx.did.submitDidCall(operation, { Sr25519: signature });
}

/** Submits `call` as `did`, signed with `key`, paid by `payer`. The chain uses the
 * DID's nonce whatever `call` does and reports its result in `did.DidCallDispatched`:
 * a refused `call` rejects with its error's name. */
export async function asDid(api, did, key, payer, call) {
  const events = await submit(api, await didCall(api, did, key, payer, call), payer);
  const dispatched = events.find(({ event }) => api.events.did.DidCallDispatched.is(event));
  assert.ok(dispatched, 'an authorized call reports its result');
  const result = dispatched.event.data[2];
  if (result.isErr) {
    const error = result.asErr;
    const detail = error.isModule ? api.registry.findMetaError(error.asModule) : null;
    throw new Error(detail ? `${detail.section}.${detail.name}` : error.toString());
  }
  return events;
}

/** The `envelope.commit` call of `envelope`, signed with the sender's assertion key,
 * the signed envelope itself (what `envelope.commitSigned` takes) and the envelope's id
 * as the chain computes it. */
export function signedCommit(api, envelope, assertion) {
  const draft = api.tx.envelope.commit({ envelope, signature: ZERO_SIGNATURE });
  const encoded = draft.method.args[0].envelope.toU8a();
  const signature = assertion.sign(u8aConcat(tag('missive/envelope'), encoded, api.genesisHash.toU8a()));
  const signed = { envelope, signature: { Sr25519: signature } };
  return {
    call: api.tx.envelope.commit(signed).method,
    signed,
    id: blake2AsU8a(u8aConcat(tag('missive/envelope-id'), encoded), 256),
  };
}

/** An envelope from `sender` to `recipient` committing to `ciphertext`. */
export function envelopeOf(sender, recipient, ciphertext) {
  return {
    sender,
    destination: { Did: recipient },
    conversation: blake2AsU8a(stringToU8a('alice+bob'), 256),
    contentHash: blake2AsU8a(ciphertext, 256),
    // polkadot.js names the field `size_` (`size` is taken by its Struct type).
    size_: ciphertext.length,
    // A hex string is taken as the bytes themselves (a Uint8Array as their encoding).
    locator: u8aToHex(stringToU8a('statement:0x00')),
  };
}

/**
 * The dApp's whole path on `api`'s chain: two DIDs; Bob requires consent and grants
 * Alice messaging; Alice commits an envelope to Bob; and Bob's envelope to Charlie's
 * closed inbox is refused. Asserts each step's effect; returns the DIDs' ids.
 */
export async function messagingScenario(api) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 7339 });
  const payer = keyring.addFromUri('//Alice');
  const aliceKey = keyring.addFromUri('//AliceDid');
  const aliceAssertion = keyring.addFromUri('//AliceDid//assertion');
  const bobKey = keyring.addFromUri('//BobDid');
  const bobAssertion = keyring.addFromUri('//BobDid//assertion');
  const alice = await createDid(api, aliceKey, aliceAssertion, payer);
  const bob = await createDid(api, bobKey, bobAssertion, payer);
  assert.ok((await api.query.did.dids(alice)).isSome, 'Alice\'s DID is live');

  // Bob's inbox requires consent; Bob grants Alice messaging.
  const policy = { mode: 'ConsentRequired', maxPerSender: null, maxPayloadSize: null, retention: null };
  await asDid(api, bob, bobKey, payer, api.tx.policy.setInboxPolicy(policy).method);
  const receipt = blake2AsU8a(stringToU8a('consent receipt: Bob lets Alice message him'), 256);
  const granted = await asDid(api, bob, bobKey, payer,
    api.tx.consent.grant(alice, 'Messaging', null, receipt).method);
  const grantedEvent = granted.find(({ event }) => api.events.consent.Granted.is(event));
  assert.ok(grantedEvent, 'a Granted event');
  assert.equal(u8aToHex(grantedEvent.event.data.receiptHash), u8aToHex(receipt));
  const grant = await api.query.consent.grants(bob, alice, 'Messaging');
  assert.ok(grant.isSome, 'the grant is in storage');

  // Alice commits an envelope to Bob: the envelope and the DID call are both signed
  // with her assertion key.
  const ciphertext = stringToU8a('(ciphertext produced off chain)');
  const envelope = envelopeOf(alice, bob, ciphertext);
  const { call, id } = signedCommit(api, envelope, aliceAssertion);
  const committed = await asDid(api, alice, aliceAssertion, payer, call);
  const event = committed.find(({ event }) => api.events.envelope.EnvelopeCommitted.is(event));
  assert.ok(event, 'an EnvelopeCommitted event');
  assert.equal(event.event.data.id.toHex(), u8aToHex(id), 'the id a dApp computes is the chain\'s');
  const stored = (await api.query.envelope.commitments(id)).unwrap();
  assert.equal(stored.envelope.contentHash.toHex(), u8aToHex(envelope.contentHash));
  assert.ok(stored.expiresAt.toNumber() > stored.committedAt.toNumber());

  // Without a DID call: the account funding Alice's DID submits her signed envelope,
  // whose signature authorizes it; another account may not.
  const direct = signedCommit(api, envelopeOf(alice, bob, stringToU8a('(a second message)')), aliceAssertion);
  await assert.rejects(submit(api, api.tx.envelope.commitSigned(direct.signed),
    keyring.addFromUri('//Bob')), /envelope\.NotFunder/);
  const directEvents = await submit(api, api.tx.envelope.commitSigned(direct.signed), payer);
  assert.ok(directEvents.some(({ event }) => api.events.envelope.EnvelopeCommitted.is(event)),
    'committed without a DID call');
  assert.ok((await api.query.envelope.commitments(direct.id)).isSome);

  // Without consent, the chain refuses Bob's envelope to Charlie's closed inbox.
  const charlieKey = keyring.addFromUri('//CharlieDid');
  const charlie = await createDid(api, charlieKey, keyring.addFromUri('//CharlieDid//assertion'), payer);
  await asDid(api, charlie, charlieKey, payer,
    api.tx.policy.setInboxPolicy({ ...policy, mode: 'Closed' }).method);
  const toCharlie = signedCommit(api, envelopeOf(bob, charlie, ciphertext), bobAssertion);
  await assert.rejects(asDid(api, bob, bobAssertion, payer, toCharlie.call), /envelope\.InboxClosed/);

  return { alice, bob, charlie };
}

/** The `did:missive:…` text of a DID id. */
export const didText = (did) => `did:missive:${base58Encode(did)}`;
