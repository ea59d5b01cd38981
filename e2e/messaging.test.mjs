// A dApp on Missive with nothing but polkadot.js and the chain's metadata: create two
// DIDs, let one grant the other consent to message it, and commit an envelope.
// Starts the node binary named by $MISSIVE_NODE on free loopback ports.
import { after, before, test } from 'node:test';

import { messagingScenario } from './dapp.mjs';
import { startDevNode } from './dev-node.mjs';

let dev;

before(async () => { dev = await startDevNode(); }, { timeout: 360_000 });
after(async () => { if (dev) await dev.stop(); });

test('a dApp creates DIDs, grants consent and commits an envelope with polkadot.js alone', async () => {
  await messagingScenario(dev.api);
});
