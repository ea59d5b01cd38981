//! Missive end to end, on two real validators on loopback: Alice uses her node, Bob his.
//!
//! Alice and Bob create DIDs; Bob's inbox requires consent; Alice asks, Bob accepts;
//! Alice sends 100 messages (70 committed one by one, 30 under one batch commitment);
//! Bob receives all 100 through his own node and each is checked against the finalized
//! chain, decrypted and verified. Charlie, who sees every statement, decrypts none. A
//! ciphertext altered and re-published is listed as rejected, and so are Charlie's
//! replays of Alice's messages (a copy in his own statement, and a leaf carried in his
//! own batch), also by a restarted client. A commitment whose statement Alice withholds
//! is listed as missing, and a stranger's batched message is found through Bob's
//! introduction topic. After Bob revokes, the chain refuses Alice's next message.
//! Then private mode, watched by a third node (`private_messages_name_nobody`), and a
//! message shown before the chain proves it (`messages_show_before_their_proof`).

use std::collections::BTreeSet;

use codec::Encode;
use missive_client::{
	chain::{runtime, Chain, RuntimeCall, Wait},
	delivery::{Committed, Delivery, Payload, Rejection},
	devnet::{self, Devnet},
	keys::Identity,
	manage,
	message::{self, Message, OpenError},
	messaging::{Messenger, Outcome, Outgoing, ReceiveOptions, SendError, Via},
};
use missive_primitives::{
	consent::ConsentScope,
	currency::UNIT,
	did::{DidPublicKey, DidSignature, KeyRelationship},
	envelope::{batch_id, merkle, Carrier, Envelope, ReceiptStatus, SignedEnvelope},
	policy::{Destination, InboxMode, InboxPolicy, Violation},
};
use sp_core::{sr25519, Pair, H256};
use sp_statement_store::{Statement, StatementEvent, SubmitResult, TopicFilter};
use std::time::Duration;
use subxt::utils::Static;

const MESSAGES: usize = 100;

/// Where the test is, in its output (`--nocapture`) and in a failure's.
fn progress(step: &str) {
	eprintln!("[end_to_end] {step}");
}
const BATCHED: usize = 30;

/// A public delivery as a statement's payload.
fn public(delivery: Delivery) -> Payload {
	Payload::Public(Box::new(delivery))
}

/// Funds `who`'s account from the chain's endowed `//Alice` account.
async fn fund(chain: &Chain, who: &Identity) {
	let payer = sr25519::Pair::from_string("//Alice", None).unwrap();
	manage::transfer(chain, &payer, &who.account.public(), 1_000 * UNIT, Wait::InBlock)
		.await
		.expect("transfer from //Alice");
}

/// Every statement Bob's node holds, as an observer subscribing to all topics sees them.
async fn all_statements(chain: &Chain, at_least: usize) -> Vec<Statement> {
	let mut subscription = chain.subscribe_statements(TopicFilter::Any).await.unwrap();
	let mut found = Vec::new();
	while found.len() < at_least {
		let event = tokio::time::timeout(Duration::from_secs(120), subscription.next())
			.await
			.expect("the store's statements arrive")
			.expect("the subscription is open")
			.expect("a statement event");
		let StatementEvent::NewStatements { statements, .. } = event;
		for bytes in statements {
			found.push(codec::Decode::decode(&mut &bytes[..]).expect("a statement"));
		}
	}
	found
}

/// Every statement `chain`'s store holds, as a subscriber to all of them sees them, once
/// none has come for a few seconds.
async fn store_snapshot(chain: &Chain) -> Vec<Statement> {
	let mut subscription = chain.subscribe_statements(TopicFilter::Any).await.unwrap();
	let mut found = Vec::new();
	while let Ok(Some(event)) =
		tokio::time::timeout(Duration::from_secs(3), subscription.next()).await
	{
		let StatementEvent::NewStatements { statements, .. } = event.expect("a statement event");
		for bytes in statements {
			found.push(codec::Decode::decode(&mut &bytes[..]).expect("a statement"));
		}
	}
	found
}

/// Every byte an observer of the chain sees in blocks `from + 1 ..= to`: each block's
/// extrinsics, and every storage value (with its key) that changed in those blocks —
/// events included (`System::Events`).
async fn chain_bytes(chain: &Chain, from: u32, to: u32) -> Vec<Vec<u8>> {
	let bytes_of = |hex: &str| hex::decode(hex.trim_start_matches("0x")).expect("hex");
	let mut seen = Vec::new();
	for number in from + 1..=to {
		let hash = chain.block_hash(number).await.unwrap();
		let block: serde_json::Value =
			chain.rpc("chain_getBlock", jsonrpsee::rpc_params![hash]).await.unwrap();
		for extrinsic in block["block"]["extrinsics"].as_array().expect("extrinsics") {
			seen.push(bytes_of(extrinsic.as_str().unwrap()));
		}
	}
	let (start, end) = (chain.block_hash(from).await.unwrap(), chain.block_hash(to).await.unwrap());
	let mut keys: Vec<String> = Vec::new();
	loop {
		let page: Vec<String> = chain
			.rpc("state_getKeysPaged", jsonrpsee::rpc_params!["0x", 1000, keys.last(), end])
			.await
			.unwrap();
		let last = page.len() < 1000;
		keys.extend(page);
		if last {
			break;
		}
	}
	for chunk in keys.chunks(500) {
		let sets: Vec<serde_json::Value> = chain
			.rpc("state_queryStorage", jsonrpsee::rpc_params![chunk, start, end])
			.await
			.unwrap();
		// The first set holds every value as it was at `from`: not a change.
		for set in sets.iter().filter(|set| set["block"] != serde_json::json!(start)) {
			for change in set["changes"].as_array().expect("changes") {
				seen.push(bytes_of(change[0].as_str().unwrap()));
				if let Some(value) = change[1].as_str() {
					seen.push(bytes_of(value));
				}
			}
		}
	}
	seen
}

#[tokio::test(flavor = "multi_thread")]
async fn alice_and_bob_exchange_a_hundred_verified_messages_through_their_own_nodes() {
	let mut network = Devnet::start(&std::env::temp_dir()).await.expect("two validators start");
	let alice_node = network.nodes[0].connect().await.unwrap();
	let bob_node = network.nodes[1].connect().await.unwrap();
	devnet::wait_finalized(&bob_node, 1).await.expect("the validators peer and finalize");

	let alice = Identity::generate();
	let bob = Identity::generate();
	let charlie = Identity::generate();
	for who in [&alice, &bob, &charlie] {
		fund(&alice_node, who).await;
	}

	progress("funded");
	// DIDs, each through its owner's node; Alice and Charlie may use the store.
	manage::create_did(&alice_node, &alice, 1, Wait::InBlock).await.unwrap();
	manage::create_did(&bob_node, &bob, 2, Wait::InBlock).await.unwrap();
	manage::create_did(&alice_node, &charlie, 1, Wait::InBlock).await.unwrap();
	for (chain, who) in [(&alice_node, &alice), (&alice_node, &charlie)] {
		manage::set_store_allowance(chain, who, 1_000, 4 * 1024 * 1024, Wait::InBlock)
			.await
			.unwrap();
	}

	progress("DIDs and allowances");
	// Bob's inbox requires consent; Alice asks for it and Bob accepts.
	let consent_only = InboxPolicy {
		mode: InboxMode::ConsentRequired,
		max_per_sender: None,
		max_payload_size: None,
		retention: None,
	};
	manage::set_inbox_policy(&bob_node, &bob, consent_only, Wait::Finalized).await.unwrap();
	let alice_messenger = Messenger::new(&alice_node, &alice).await.unwrap();
	let hello = |body: String| Outgoing {
		recipient: bob.did(),
		conversation: H256::repeat_byte(0x42),
		body: body.into_bytes(),
	};
	let refused = alice_messenger.send(&hello("before consent".into())).await;
	assert!(
		matches!(
			&refused,
			Err(SendError::RefusedByPolicy { violation: Violation::ConsentRequired, .. })
		),
		"no consent yet: {refused:?}"
	);
	manage::request(
		&alice_node,
		&alice,
		bob.did(),
		ConsentScope::Messaging,
		"hi Bob",
		Wait::Finalized,
	)
	.await
	.unwrap();
	manage::accept(
		&bob_node,
		&bob,
		alice.did(),
		ConsentScope::Messaging,
		None,
		"ok",
		Wait::Finalized,
	)
	.await
	.unwrap();

	progress("consent accepted");
	// 100 messages: 70 committed one by one (all in flight at once), 30 in one batch.
	let bodies: Vec<String> = (0..MESSAGES).map(|i| format!("message {i} from Alice")).collect();
	let singles: Vec<Outgoing> = bodies[BATCHED..].iter().cloned().map(hello).collect();
	let batch: Vec<Outgoing> = bodies[..BATCHED].iter().cloned().map(hello).collect();
	let sent_alone = alice_messenger.send_many(&singles, |_| {}).await;
	for result in &sent_alone {
		assert!(result.is_ok(), "sent: {result:?}");
	}
	let sent_batched = alice_messenger.send_batch(&batch, |_| {}).await.expect("batch sent");
	assert_eq!(sent_batched.len(), BATCHED);
	let Via::Batch(alices_batch) = sent_batched[0].via else { panic!("batched") };
	assert!(sent_batched.iter().all(|s| s.via == Via::Batch(alices_batch)), "one batch for all 30");

	progress("100 sent");
	// Bob receives all 100 through his own node, each checked, decrypted and verified.
	let bob_messenger = Messenger::new(&bob_node, &bob).await.unwrap();
	let bob_log = std::env::temp_dir().join(format!("missive-e2e-{}.received", std::process::id()));
	let _ = std::fs::remove_file(&bob_log);
	let options = ReceiveOptions {
		expect: Some(MESSAGES),
		deadline: Duration::from_secs(300),
		received: Some(bob_log.clone()),
		..Default::default()
	};
	let outcomes = bob_messenger.receive(&options, |_| {}).await.unwrap();
	let alice_assertion = DidPublicKey::Verification(alice.assertion_key()).id();
	let mut received = BTreeSet::new();
	for outcome in &outcomes {
		let Outcome::Accepted { verified, envelope, .. } = outcome else {
			panic!("every message is accepted: {outcome:?}")
		};
		let message = &verified.message.message;
		assert_eq!((message.sender, message.recipient), (alice.did(), bob.did()));
		assert_eq!(verified.signer, alice_assertion, "signed by Alice's assertion key");
		let sent = sent_alone
			.iter()
			.flatten()
			.chain(&sent_batched)
			.find(|s| s.envelope == *envelope)
			.expect("an envelope Alice sent");
		assert_eq!(verified.committed_at, sent.included.block_number, "committed where sent");
		received.insert(String::from_utf8(message.body.clone()).unwrap());
	}
	assert_eq!(received, bodies.iter().cloned().collect::<BTreeSet<_>>(), "all 100, each once");

	progress("100 received");
	// Charlie sees every statement in Bob's node's store, and decrypts none.
	let statements = all_statements(&bob_node, MESSAGES).await;
	let deliveries: Vec<Delivery> =
		statements.iter().map(|s| Delivery::from_statement(s).expect("a delivery")).collect();
	for delivery in &deliveries {
		assert!(matches!(
			message::open(&delivery.frame, &charlie.device(0)),
			Err(OpenError::NotForThisDevice)
		));
		let charlie_claims = message::Frame {
			keys: delivery
				.frame
				.keys
				.iter()
				.map(|k| message::SealedKey { device: charlie.device(0).public(), ..k.clone() })
				.collect(),
			..delivery.frame.clone()
		};
		assert!(message::open(&charlie_claims, &charlie.device(0)).is_err());
	}
	let charlie_messenger = Messenger::new(&bob_node, &charlie).await.unwrap();
	let nothing = ReceiveOptions {
		from: vec![alice.did()],
		idle: Duration::from_secs(8),
		..Default::default()
	};
	let for_charlie = charlie_messenger.receive(&nothing, |_| {}).await.unwrap();
	assert!(for_charlie.is_empty(), "Charlie's topics match none of Alice's messages to Bob");

	progress("Charlie read nothing");
	// A ciphertext altered and re-published (by Charlie, under Alice's topics) is listed
	// as rejected; the 100 genuine ones are still accepted.
	let original = &statements[0];
	let mut altered = Delivery::from_statement(original).unwrap();
	let last = altered.frame.ciphertext.len() - 1;
	altered.frame.ciphertext[last] ^= 0x01;
	let topics: Vec<[u8; 32]> = original.topics().iter().map(|t| t.0).collect();
	let forged = public(altered).into_statement(&topics, u32::MAX, 0, &charlie.account);
	assert_eq!(alice_node.submit_statement(&forged).await.unwrap(), SubmitResult::New);
	let options = ReceiveOptions { expect: Some(MESSAGES + 1), ..options };
	let outcomes = bob_messenger.receive(&options, |_| {}).await.unwrap();
	let rejected: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, sender, reason, shown, .. } => {
				assert!(!shown, "an altered statement is never shown");
				Some((*statement, *sender, reason.clone()))
			},
			Outcome::Accepted { .. } => None,
			_ => panic!("every commitment's statement is found, every message final: {o:?}"),
		})
		.collect();
	assert_eq!(rejected, vec![(forged.hash(), Some(alice.did()), Rejection::ContentMismatch)]);
	assert_eq!(outcomes.len() - rejected.len(), MESSAGES);

	progress("altered statement rejected");
	// Replays, under Alice's topics: Charlie copies a delivery of hers into a statement of
	// his own, and carries one of her batched envelopes in a batch he commits himself.
	let delivery_of = |statement: &Statement| Delivery::from_statement(statement).unwrap();
	let topics_of = |statement: &Statement| -> Vec<[u8; 32]> {
		statement.topics().iter().map(|t| t.0).collect()
	};
	let alone = statements.iter().find(|s| delivery_of(s).committed == Committed::Alone).unwrap();
	let copy =
		public(delivery_of(alone)).into_statement(&topics_of(alone), u32::MAX, 1, &charlie.account);
	assert_eq!(alice_node.submit_statement(&copy).await.unwrap(), SubmitResult::New);
	let batched = statements.iter().find(|s| delivery_of(s).committed != Committed::Alone).unwrap();
	let mut carried = delivery_of(batched);
	let tree = merkle::Tree::new(std::slice::from_ref(&carried.envelope));
	let commit_batch = RuntimeCall::Envelope(runtime::envelope::Call::commit_batch {
		root: tree.root(),
		leaves: 1,
		locator: runtime::runtime_types::bounded_collections::bounded_vec::BoundedVec(
			b"statement-store".to_vec(),
		),
	});
	alice_node
		.submit_as_did(&charlie, KeyRelationship::AssertionMethod, commit_batch, Wait::Finalized)
		.await
		.expect("the chain commits any root: it checks no leaf");
	carried.committed = Committed::InBatch {
		batch: batch_id(&charlie.did(), &tree.root()),
		proof: tree.proof(0).unwrap(),
	};
	let recommitted =
		public(carried).into_statement(&topics_of(batched), u32::MAX, 2, &charlie.account);
	assert_eq!(alice_node.submit_statement(&recommitted).await.unwrap(), SubmitResult::New);
	// Bob restarts his client: only the log of what he accepted carries over.
	let bob_messenger = Messenger::new(&bob_node, &bob).await.unwrap();
	let options = ReceiveOptions { expect: Some(MESSAGES + 3), ..options };
	let outcomes = bob_messenger.receive(&options, |_| {}).await.unwrap();
	let mut rejected: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, reason, shown, .. } => {
				assert!(!shown, "a replay is never shown");
				Some((*statement, reason.clone()))
			},
			Outcome::Accepted { .. } => None,
			_ => panic!("every commitment's statement is found, every message final: {o:?}"),
		})
		.collect();
	rejected.sort_by_key(|(statement, _)| *statement);
	let mut expected = vec![
		(forged.hash(), Rejection::ContentMismatch),
		(copy.hash(), Rejection::Replayed),
		(recommitted.hash(), Rejection::Recommitted),
	];
	expected.sort_by_key(|(statement, _)| *statement);
	assert_eq!(rejected, expected, "each replay refused by name");
	assert_eq!(outcomes.len() - rejected.len(), MESSAGES, "each message accepted once");
	let copied = delivery_of(alone).envelope.envelope.id();
	let carrier = outcomes.iter().find_map(|o| match o {
		Outcome::Accepted { statement, envelope, .. } if *envelope == copied => Some(*statement),
		_ => None,
	});
	assert_eq!(carrier, Some(alone.hash()), "accepted in the statement that first carried it");

	progress("replays rejected");
	// A commitment whose statement never reaches the store is listed as missing once the
	// store has nothing more to give (Bob listens until idle).
	let withheld = Envelope {
		sender: alice.did(),
		destination: Destination::Did(bob.did()),
		conversation: H256::repeat_byte(0x42),
		content_hash: H256::repeat_byte(0xcc),
		size: 100,
		locator: b"statement-store".to_vec().try_into().unwrap(),
	};
	let payload = withheld.signing_payload(&Carrier::Alone, &alice_node.genesis_hash);
	let signed = SignedEnvelope {
		envelope: withheld.clone(),
		signature: DidSignature::Sr25519(alice.assertion.sign(&payload)),
	};
	let commit = RuntimeCall::Envelope(runtime::envelope::Call::commit { signed: Static(signed) });
	alice_node
		.submit_as_did(&alice, KeyRelationship::AssertionMethod, commit, Wait::Finalized)
		.await
		.expect("committed, its statement withheld");
	// A sender Bob cannot know of (no grant, nothing in his inbox) introduces himself:
	// Bob's client finds Charlie's batched message without being told to listen to him,
	// and refuses it by Bob's policy, which requires consent Charlie does not have.
	let from_charlie = Outgoing {
		recipient: bob.did(),
		conversation: H256::repeat_byte(0x43),
		body: b"hello Bob, this is Charlie".to_vec(),
	};
	let introduced = charlie_messenger
		.send_batch(std::slice::from_ref(&from_charlie), |_| {})
		.await
		.expect("the chain commits Charlie's batch: it checks no leaf");
	let until_idle = ReceiveOptions {
		expect: None,
		idle: Duration::from_secs(10),
		missing_after: Duration::ZERO,
		..options.clone()
	};
	let outcomes = bob_messenger.receive(&until_idle, |_| {}).await.unwrap();
	let missing: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Missing { envelope, sender, .. } => Some((*envelope, *sender)),
			_ => None,
		})
		.collect();
	assert_eq!(missing, vec![(withheld.id(), alice.did())], "listed as missing, by envelope");
	let charlies: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, sender, reason, shown, .. }
				if *sender == Some(charlie.did()) =>
			{
				assert!(!shown, "what Bob's policy refuses is never shown");
				Some((*statement, reason.clone()))
			},
			_ => None,
		})
		.collect();
	assert_eq!(
		charlies,
		vec![(introduced[0].statement, Rejection::RefusedByPolicy(Violation::ConsentRequired))],
		"found through Bob's introduction topic"
	);
	let accepted = outcomes.iter().filter(|o| matches!(o, Outcome::Accepted { .. })).count();
	assert_eq!(accepted, MESSAGES, "beside the 100 delivered");

	progress("withheld statement listed as missing, a stranger's introduction found");
	// Bob acknowledges one as read, then revokes: the chain refuses Alice's next message.
	let first = sent_alone[0].as_ref().unwrap().envelope;
	bob_messenger.acknowledge(first, ReceiptStatus::Read, Wait::InBlock).await.unwrap();
	manage::revoke(&bob_node, &bob, alice.did(), ConsentScope::Messaging, Wait::Finalized)
		.await
		.unwrap();
	let after = alice_messenger.send(&hello("after revocation".into())).await;
	assert!(
		matches!(
			&after,
			Err(SendError::RefusedByPolicy { violation: Violation::ConsentRequired, .. })
		),
		"refused by the chain's policy after revocation: {after:?}"
	);
	// Alice's key rotation later does not un-verify what she signed before; Bob
	// receives again and acknowledges each as delivered, all receipts in flight at once.
	manage::rotate(&alice_node, &alice, KeyRelationship::AssertionMethod, Wait::Finalized)
		.await
		.unwrap();
	progress("Alice rotated her assertion key");
	let again = ReceiveOptions {
		expect: Some(MESSAGES + 4),
		acknowledge: Some(ReceiptStatus::Delivered),
		..options
	};
	let outcomes = bob_messenger.receive(&again, |_| {}).await.unwrap();
	let mut receipts = (0, 0);
	for outcome in &outcomes {
		if let Outcome::Accepted { envelope, receipt, .. } = outcome {
			match receipt {
				Some(Ok(_)) => receipts.0 += 1,
				None => receipts.1 += 1,
				Some(Err(e)) => panic!("receipt for {envelope:?} refused: {e}"),
			}
		}
	}
	assert_eq!(
		receipts.0 + receipts.1,
		MESSAGES,
		"signatures made while the key was valid still verify"
	);
	assert_eq!(
		receipts,
		(MESSAGES - BATCHED, BATCHED),
		"a receipt for each envelope committed alone"
	);
	// The receipts, as the finalized chain holds them.
	devnet::wait_finalized(&bob_node, bob_node.best().await.unwrap().0).await.unwrap();
	let (_, head_now) = bob_node.finalized().await.unwrap();
	let second = sent_alone[1].as_ref().unwrap().envelope;
	let envelope_api = runtime::runtime_apis().envelope_api();
	let stored = bob_node.call(envelope_api.envelope(second), head_now).await.unwrap();
	assert_eq!(stored.unwrap().0.receipt.map(|r| r.status), Some(ReceiptStatus::Delivered));
	let first_stored = bob_node.call(envelope_api.envelope(first), head_now).await.unwrap();
	assert_eq!(
		first_stored.unwrap().0.receipt.map(|r| r.status),
		Some(ReceiptStatus::Read),
		"already read: not sent back to delivered"
	);

	progress("public mode done");
	private_messages_name_nobody(&mut network, &alice, &bob, &charlie, &bob_log).await;
	progress("private mode done");
	messages_show_before_their_proof(&mut network).await;
	drop(network);
	let _ = std::fs::remove_file(&bob_log);
}

/// Private mode, watched by a third node: Alice sends Bob sealed messages (alone and
/// many at once) and Dave, a stranger, writes to Bob first. An observer subscribed to
/// every statement on all three nodes, reading every block and storage change meanwhile,
/// finds none of their DIDs (bytes or text), the conversation, or Bob's device keys; Bob
/// receives and verifies every message. Then Bob's client enforces what the chain did not
/// check: a replayed copy is refused, and so is a message to his closed inbox.
async fn private_messages_name_nobody(
	network: &mut Devnet,
	alice: &Identity,
	bob: &Identity,
	charlie: &Identity,
	bob_log: &std::path::Path,
) {
	let alice_node = network.nodes[0].connect().await.unwrap();
	let bob_node = network.nodes[1].connect().await.unwrap();
	let observer = network.add_full_node("observer").await.unwrap().connect().await.unwrap();
	let dave = Identity::generate();
	fund(&alice_node, &dave).await;
	manage::create_did(&alice_node, &dave, 1, Wait::InBlock).await.unwrap();
	// Private mode posts from accounts that buy their own allowance: no DID call names
	// them (funded here from //Alice, which links them to nobody).
	let payer = sr25519::Pair::from_string("//Alice", None).unwrap();
	for who in [alice, &dave] {
		let posting = &who.posting;
		manage::transfer(&alice_node, &payer, &posting.public(), 10 * UNIT, Wait::InBlock)
			.await
			.unwrap();
		manage::set_own_store_allowance(&alice_node, posting, 100, 1024 * 1024, Wait::InBlock)
			.await
			.unwrap();
	}
	let open = InboxPolicy {
		mode: InboxMode::Open,
		max_per_sender: None,
		max_payload_size: None,
		retention: None,
	};
	manage::set_inbox_policy(&bob_node, bob, open, Wait::Finalized).await.unwrap();
	// Everything before this block (DIDs, allowances, policies) is public by design.
	let (window_start, _) = bob_node.finalized().await.unwrap();
	devnet::wait_finalized(&observer, window_start).await.unwrap();
	let before: BTreeSet<[u8; 32]> =
		store_snapshot(&bob_node).await.iter().map(Statement::hash).collect();

	progress("observer watching");
	let conversation = H256::random();
	let to_bob = |body: &str| Outgoing {
		recipient: bob.did(),
		conversation,
		body: body.as_bytes().to_vec(),
	};
	let alice_messenger = Messenger::new(&alice_node, alice).await.unwrap();
	let mut sent = Vec::new();
	for i in 0..3 {
		let one = to_bob(&format!("private {i}"));
		sent.extend(alice_messenger.send_sealed(&[one], |_| {}).await.expect("sent sealed"));
	}
	let many: Vec<Outgoing> = (3..13).map(|i| to_bob(&format!("private {i}"))).collect();
	sent.extend(alice_messenger.send_sealed(&many, |_| {}).await.expect("sent sealed"));
	let dave_messenger = Messenger::new(&alice_node, &dave).await.unwrap();
	let first_contact = Outgoing { conversation: H256::random(), ..to_bob("hello Bob, I am Dave") };
	sent.extend(dave_messenger.send_sealed(&[first_contact], |_| {}).await.expect("sent"));
	let finals = alice_messenger.finalize(&sent).await;
	assert!(finals.iter().all(Result::is_ok), "every sealed commitment final: {finals:?}");
	assert!(sent.iter().all(|s| matches!(s.via, Via::Sealed(_))));

	// Bob finds every one, Dave's through his introduction topic.
	let bob_messenger = Messenger::new(&bob_node, bob).await.unwrap();
	let until_idle = ReceiveOptions {
		idle: Duration::from_secs(10),
		received: Some(bob_log.to_owned()),
		..Default::default()
	};
	let outcomes = bob_messenger.receive(&until_idle, |_| {}).await.unwrap();
	let dave_assertion = DidPublicKey::Verification(dave.assertion_key()).id();
	for one in &sent {
		let verified = outcomes
			.iter()
			.find_map(|o| match o {
				Outcome::Accepted { envelope, verified, .. } if *envelope == one.envelope => {
					Some(verified)
				},
				_ => None,
			})
			.unwrap_or_else(|| panic!("{:?} accepted: {outcomes:?}", one.envelope));
		assert_eq!(verified.committed_at, one.included.block_number);
		let message = &verified.message.message;
		if message.sender == dave.did() {
			assert_eq!(verified.signer, dave_assertion, "signed by Dave's assertion key");
		} else {
			assert_eq!(message.sender, alice.did());
			assert!(message.body.starts_with(b"private "));
		}
	}
	let (window_end, _) = alice_node.finalized().await.unwrap();
	devnet::wait_finalized(&observer, window_end).await.unwrap();

	progress("private messages received; the observer searches what it saw");
	let mut seen = chain_bytes(&observer, window_start, window_end).await;
	for node in &mut network.nodes {
		let chain = node.connect().await.unwrap();
		// Gossip reaches every node within a few rounds.
		let mut private = Vec::new();
		for _ in 0..20 {
			private = store_snapshot(&chain).await;
			private.retain(|statement| !before.contains(&statement.hash()));
			if private.len() >= sent.len() {
				break;
			}
		}
		assert_eq!(private.len(), sent.len(), "each private statement on {}", node.name);
		seen.extend(private.iter().map(Statement::encode));
	}
	let mut secrets: Vec<(String, Vec<u8>)> = Vec::new();
	for (name, who) in [("Alice", alice), ("Bob", bob), ("Dave", &dave)] {
		secrets.push((format!("{name}'s DID"), who.did().0.to_vec()));
		secrets.push((format!("{name}'s DID as text"), who.did().to_string().into_bytes()));
	}
	secrets.push(("the conversation".into(), conversation.as_bytes().to_vec()));
	for index in 0..2 {
		secrets.push((format!("Bob's device {index}"), bob.device(index).public().to_vec()));
	}
	for (what, needle) in &secrets {
		let found = seen.iter().any(|bytes| bytes.windows(needle.len()).any(|w| w == &needle[..]));
		assert!(!found, "the observer found {what}");
	}
	// Nor the accounts of their DID calls; the search finds what is there: the posting
	// account that signed Alice's sealed commitments.
	for (what, account) in
		[("Alice's account", alice.account.public().0), ("Bob's account", bob.account.public().0)]
	{
		assert!(!seen.iter().any(|bytes| bytes.windows(32).any(|w| w == account)), "found {what}");
	}
	let posting = alice.posting.public().0;
	assert!(seen.iter().any(|bytes| bytes.windows(32).any(|w| w == posting)));

	progress("nothing found; Bob's client enforces his policy");
	// Charlie republishes a sealed statement of Alice's as his own; Bob closes his inbox
	// and Alice writes once more. Neither is accepted, each by name.
	let statements = store_snapshot(&bob_node).await;
	let original = statements.iter().find(|s| s.hash() == sent[0].statement).unwrap();
	let payload = Payload::from_statement(original).unwrap();
	let topics: Vec<[u8; 32]> = original.topics().iter().map(|t| t.0).collect();
	let copy = payload.into_statement(&topics, u32::MAX, 9, &charlie.account);
	assert_eq!(alice_node.submit_statement(&copy).await.unwrap(), SubmitResult::New);
	let closed = InboxPolicy { mode: InboxMode::Closed, ..open };
	manage::set_inbox_policy(&bob_node, bob, closed, Wait::Finalized).await.unwrap();
	let late = alice_messenger.send_sealed(&[to_bob("are you there?")], |_| {}).await.unwrap();
	alice_messenger.finalize(&late).await.remove(0).unwrap();
	let outcomes = bob_messenger.receive(&until_idle, |_| {}).await.unwrap();
	let refused: BTreeSet<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, reason, shown, .. } => {
				assert!(!shown, "neither a replay nor a message to a closed inbox is shown");
				Some((*statement, reason.to_string()))
			},
			_ => None,
		})
		.filter(|(statement, _)| *statement == copy.hash() || *statement == late[0].statement)
		.collect();
	let expected = BTreeSet::from([
		(copy.hash(), Rejection::Replayed.to_string()),
		(late[0].statement, Rejection::RefusedByPolicy(Violation::InboxClosed).to_string()),
	]);
	assert_eq!(refused, expected);
}

/// A message shows as soon as it arrives, verified against its sender's DID, then
/// follows its commitment. Erin puts three messages to Frank in the store before
/// committing anything, and commits only once Frank's client has shown all three
/// unconfirmed: the first, as delivered, which Frank then sees final (committed in
/// between if a best block held it before finality); the third with another signature
/// than the delivered one, which Frank's client rejects and says was shown. The second
/// is never committed: shown, then listed as unproven, never final.
async fn messages_show_before_their_proof(network: &mut Devnet) {
	let erin_node = network.nodes[0].connect().await.unwrap();
	let frank_node = network.nodes[1].connect().await.unwrap();
	let (erin, frank) = (Identity::generate(), Identity::generate());
	for who in [&erin, &frank] {
		fund(&erin_node, who).await;
		manage::create_did(&erin_node, who, 1, Wait::InBlock).await.unwrap();
	}
	manage::set_store_allowance(&erin_node, &erin, 10, 64 * 1024, Wait::Finalized).await.unwrap();
	let genesis = erin_node.genesis_hash;
	let now_ms = || {
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
			as u64
	};
	let conversation = H256::random();
	let seal = |body: &str, sequence: u32| {
		let sent_at = now_ms();
		let message = Message {
			sender: erin.did(),
			recipient: frank.did(),
			conversation,
			sent_at,
			body: body.as_bytes().to_vec(),
		}
		.sign(&erin.assertion, &genesis);
		let frame = message::seal(&message, &[frank.device(0).public()]).unwrap();
		let envelope = Envelope {
			sender: erin.did(),
			destination: Destination::Did(frank.did()),
			conversation,
			content_hash: frame.content_hash(),
			size: frame.encoded_size() as u32,
			locator: b"statement-store".to_vec().try_into().unwrap(),
		};
		let payload = envelope.signing_payload(&Carrier::Alone, &genesis);
		let signed = SignedEnvelope {
			envelope,
			signature: DidSignature::Sr25519(erin.assertion.sign(&payload)),
		};
		let topic = missive_client::topic::topic(
			&erin.device(0),
			&frank.device(0).public(),
			missive_client::topic::epoch_of(sent_at),
		)
		.unwrap();
		let delivery = Delivery { envelope: signed.clone(), committed: Committed::Alone, frame };
		let expires = (sent_at / 1000 + 3_600) as u32;
		(signed, public(delivery).into_statement(&[topic], expires, sequence, &erin.account))
	};
	let (proven, proven_statement) = seal("proven later", 0);
	let (never, never_statement) = seal("never committed", 1);
	// Committed with another signature of Erin's over the same envelope (sr25519 signs
	// with fresh randomness): the chain's commitment differs from the delivered one.
	let (mismatched, mismatched_statement) = seal("committed otherwise", 2);
	let mut recommitted = mismatched.clone();
	let payload = recommitted.envelope.signing_payload(&Carrier::Alone, &genesis);
	recommitted.signature = DidSignature::Sr25519(erin.assertion.sign(&payload));
	assert_ne!(recommitted.signature, mismatched.signature);
	let ids = [proven.envelope.id(), never.envelope.id(), mismatched.envelope.id()];
	let [proven_id, never_id, mismatched_id] = ids;

	let frank_messenger = Messenger::new(&frank_node, &frank).await.unwrap();
	let options = ReceiveOptions {
		from: vec![erin.did()],
		expect: Some(3),
		deadline: Duration::from_secs(300),
		prove_within: Some(Duration::from_secs(45)),
		..Default::default()
	};
	let states = std::sync::Mutex::new(Vec::<(_, &'static str)>::new());
	let receive = frank_messenger.receive(&options, |outcome| {
		let (envelope, state) = match outcome {
			Outcome::Unconfirmed { envelope, message, .. } => {
				assert_eq!(message.message.sender, erin.did());
				(*envelope, "unconfirmed")
			},
			Outcome::Committed { envelope, .. } => (*envelope, "committed"),
			Outcome::Accepted { envelope, verified, .. } => {
				assert_eq!(verified.message.message.body, b"proven later");
				(*envelope, "final")
			},
			Outcome::Rejected { envelope, reason, shown, .. } => {
				assert_eq!(*reason, Rejection::CommitmentMismatch);
				assert!(shown, "shown before it was rejected: the user is told");
				(envelope.expect("a delivery's envelope"), "rejected")
			},
			Outcome::Unproven { envelope, sender, shown, .. } => {
				assert!(shown, "shown before it was listed as unproven");
				assert_eq!(*sender, Some(erin.did()), "the verified sender");
				(*envelope, "unproven")
			},
			other => panic!("only Erin's three messages: {other:?}"),
		};
		states.lock().unwrap().push((envelope, state));
	});
	let erin_acts = async {
		for statement in [&proven_statement, &never_statement, &mismatched_statement] {
			assert_eq!(erin_node.submit_statement(statement).await.unwrap(), SubmitResult::New);
		}
		let shown = || {
			let states = states.lock().unwrap();
			[proven_id, never_id, mismatched_id]
				.iter()
				.all(|id| states.contains(&(*id, "unconfirmed")))
		};
		for _ in 0..120 {
			if shown() {
				break;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		assert!(shown(), "all three shown before any commitment: {:?}", states.lock().unwrap());
		let commits = vec![
			runtime::tx().envelope().commit_signed(Static(proven.clone())),
			runtime::tx().envelope().commit_signed(Static(recommitted.clone())),
		];
		for included in erin_node.submit_all(commits, &erin.account, Wait::InBlock).await {
			included.unwrap();
		}
	};
	let (outcomes, ()) = tokio::join!(receive, erin_acts);
	let outcomes = outcomes.unwrap();
	let states = states.into_inner().unwrap();
	let of = |id| states.iter().filter(|(e, _)| *e == id).map(|(_, s)| *s).collect::<Vec<_>>();
	let proven_states = of(proven_id);
	assert!(
		proven_states == ["unconfirmed", "final"]
			|| proven_states == ["unconfirmed", "committed", "final"],
		"in order, each once: {proven_states:?}"
	);
	assert_eq!(of(mismatched_id), ["unconfirmed", "rejected"], "shown, then taken back");
	assert_eq!(of(never_id), ["unconfirmed", "unproven"], "never final");
	let decided: BTreeSet<[u8; 32]> = outcomes
		.iter()
		.map(|o| match o {
			Outcome::Accepted { statement, .. }
			| Outcome::Rejected { statement, .. }
			| Outcome::Unproven { statement, .. } => *statement,
			other => panic!("only decided outcomes are returned: {other:?}"),
		})
		.collect();
	let statements = [&proven_statement, &never_statement, &mismatched_statement];
	assert_eq!(decided, statements.iter().map(|s| s.hash()).collect(), "each decided once");
	assert_eq!(outcomes.len(), 3);
}
