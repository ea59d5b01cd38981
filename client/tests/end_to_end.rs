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

use std::collections::BTreeSet;

use missive_client::{
	chain::{runtime, Chain, ChainError, RuntimeCall, Wait},
	delivery::{Committed, Delivery, Rejection},
	devnet::{self, Devnet},
	keys::Identity,
	manage,
	message::{self, OpenError},
	messaging::{Messenger, Outcome, Outgoing, ReceiveOptions, SendError},
};
use missive_primitives::{
	consent::ConsentScope,
	currency::UNIT,
	did::{DidPublicKey, DidSignature, KeyRelationship},
	envelope::{batch_id, merkle, Carrier, Envelope, ReceiptStatus, SignedEnvelope},
	policy::{Destination, InboxMode, InboxPolicy, Violation},
	runtime_api::CommitmentOf,
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
		matches!(&refused, Err(SendError::Chain(ChainError::Refused(e))) if e.contains("ConsentRequired")),
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
	let alices_batch = sent_batched[0].batch.expect("batched");
	assert!(sent_batched.iter().all(|s| s.batch == Some(alices_batch)), "one batch for all 30");

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
	let forged = altered.into_statement(&topics, u32::MAX, 0, &charlie.account);
	assert_eq!(alice_node.submit_statement(&forged).await.unwrap(), SubmitResult::New);
	let options = ReceiveOptions { expect: Some(MESSAGES + 1), ..options };
	let outcomes = bob_messenger.receive(&options, |_| {}).await.unwrap();
	let rejected: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, sender, reason } => {
				Some((*statement, *sender, reason.clone()))
			},
			Outcome::Accepted { .. } => None,
			Outcome::Missing { .. } => panic!("every commitment's statement is found: {o:?}"),
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
	let copy = delivery_of(alone).into_statement(&topics_of(alone), u32::MAX, 1, &charlie.account);
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
	let recommitted = carried.into_statement(&topics_of(batched), u32::MAX, 2, &charlie.account);
	assert_eq!(alice_node.submit_statement(&recommitted).await.unwrap(), SubmitResult::New);
	// Bob restarts his client: only the log of what he accepted carries over.
	let bob_messenger = Messenger::new(&bob_node, &bob).await.unwrap();
	let options = ReceiveOptions { expect: Some(MESSAGES + 3), ..options };
	let outcomes = bob_messenger.receive(&options, |_| {}).await.unwrap();
	let mut rejected: Vec<_> = outcomes
		.iter()
		.filter_map(|o| match o {
			Outcome::Rejected { statement, reason, .. } => Some((*statement, reason.clone())),
			Outcome::Accepted { .. } => None,
			Outcome::Missing { .. } => panic!("every commitment's statement is found: {o:?}"),
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
			Outcome::Rejected { statement, sender, reason } if *sender == Some(charlie.did()) => {
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
		matches!(&after, Err(SendError::Chain(ChainError::Refused(e))) if e.contains("ConsentRequired")),
		"refused by the chain after revocation: {after:?}"
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
	let stored: Option<CommitmentOf> =
		bob_node.runtime_api("EnvelopeApi_envelope", second, head_now).await.unwrap();
	assert_eq!(stored.unwrap().receipt.map(|r| r.status), Some(ReceiptStatus::Delivered));
	let first_stored: Option<CommitmentOf> =
		bob_node.runtime_api("EnvelopeApi_envelope", first, head_now).await.unwrap();
	assert_eq!(
		first_stored.unwrap().receipt.map(|r| r.status),
		Some(ReceiptStatus::Read),
		"already read: not sent back to delivered"
	);
	drop(network);
	let _ = std::fs::remove_file(&bob_log);
}
