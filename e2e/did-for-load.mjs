// Creates a DID with a messenger's usual document — authentication, assertion and
// key-agreement keys, and an inbox service — on the node at the WebSocket address given
// (default ws://127.0.0.1:9944), paid by //Alice, and prints its `did:missive:` id:
// what `scripts/rpc-load.sh` resolves under load.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { randomAsU8a, cryptoWaitReady } from '@polkadot/util-crypto';

import { asDid, createDid, didText } from './dapp.mjs';

await cryptoWaitReady();
const api = await ApiPromise.create({ provider: new WsProvider(process.argv[2] ?? 'ws://127.0.0.1:9944'), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const authentication = keyring.addFromSeed(randomAsU8a(32));
const assertion = keyring.addFromSeed(randomAsU8a(32));

const did = await createDid(api, authentication, assertion, alice);
await asDid(api, did, authentication, alice, api.tx.did.addKeyAgreementKey(did, { X25519: randomAsU8a(32) }).method);
// Strings: polkadot.js reads a Uint8Array given for `Bytes` as SCALE, length first.
await asDid(api, did, authentication, alice, api.tx.did.setService(did, {
  id: 'inbox',
  types: ['MissiveInbox'],
  urls: ['https://inbox.example.org/v1'],
}).method);
console.log(didText(did));
await api.disconnect();
