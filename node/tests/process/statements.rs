//! Off-chain delivery through the statement store of two real validators. A DID funds
//! a store allowance for a device account; a statement that account signs, submitted
//! to Alice's node, reaches a subscriber of its topic on Bob's node by gossip; an
//! account nobody funds is refused; the DID's deactivation withdraws the allowance in
//! the same call, and the store refuses the device's next statement. Where unsafe RPC is
//! denied (an external interface), a subscription to every statement is refused.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_statement_store::{
	RejectionReason, Statement, StatementAllowance, StatementEvent, SubmitResult, Topic,
	TopicFilter,
};

use crate::{
	common::{create_did, did_call, encode_hex, Node, Rpc},
	network::Network,
};

/// A statement of `data` under `topic` from `device`, valid for ten minutes.
fn statement(device: &sr25519::Pair, topic: Topic, data: &[u8]) -> Statement {
	let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
	let mut statement = Statement::new();
	statement.set_topic(0, topic);
	statement.set_expiry_from_parts((now + 600) as u32, 0);
	statement.set_plain_data(data.to_vec());
	statement.sign_sr25519_private(device);
	statement
}

async fn submit(rpc: &Rpc, statement: &Statement) -> SubmitResult {
	let result = rpc.call("statement_submit", rpc_params![encode_hex(statement.encode())]).await;
	serde_json::from_value(result).expect("a submit result")
}

/// The statement store's allowance of `account`, read from chain state where the
/// store reads it.
async fn allowance(rpc: &Rpc, account: &sr25519::Public) -> StatementAllowance {
	let best = rpc.block_hash(rpc.best_number().await).await.unwrap();
	let key = sp_statement_store::statement_allowance_key(account);
	rpc.storage(&key, best).await.unwrap_or_default()
}

/// Waits for `statement` to arrive on `subscription`.
async fn receive(subscription: &mut Subscription<StatementEvent>, statement: &Statement) {
	let wanted = statement.encode();
	let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
	loop {
		let event = tokio::time::timeout_at(deadline, subscription.next())
			.await
			.expect("the statement arrives within two minutes")
			.expect("the subscription stays open")
			.expect("a statement event");
		let StatementEvent::NewStatements { statements, .. } = event;
		for bytes in statements {
			let received = Statement::decode(&mut &bytes[..]).expect("a statement");
			if received.encode() == wanted {
				return;
			}
		}
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn statements_travel_between_nodes_within_allowances() {
	let logs = tempfile::tempdir().unwrap();
	let network = Network::start(logs.path(), "local").await;
	let (alice, bob) = (network.validators[0].rpc(), network.validators[1].rpc());

	// A DID funds a store allowance for its device's account.
	let did_key = sr25519::Pair::from_seed(&[21; 32]);
	let device = sr25519::Pair::from_seed(&[22; 32]);
	let did = create_did(alice, &did_key, None).await;
	let fund = pallet_policy::Call::set_store_allowance {
		account: device.public().into(),
		max_count: 8,
		max_size: 4_096,
	};
	let fund = did_call(alice, did, &did_key, 1, fund.into()).await;
	alice.submit_and_finalize(fund, &Sr25519Keyring::Alice.pair()).await;
	assert_eq!(allowance(alice, &device.public()).await, StatementAllowance::new(8, 4_096));

	// Bob's node delivers what Alice's node admits.
	let topic = Topic([0x5a; 32]);
	let filter = TopicFilter::MatchAll(vec![topic].try_into().unwrap());
	let mut subscription: Subscription<StatementEvent> = bob
		.client
		.subscribe(
			"statement_subscribeStatement",
			rpc_params![filter],
			"statement_unsubscribeStatement",
		)
		.await
		.expect("subscribe on Bob's node");
	let first = statement(&device, topic, b"ciphertext one");
	assert_eq!(submit(alice, &first).await, SubmitResult::New);
	receive(&mut subscription, &first).await;
	assert_eq!(submit(bob, &first).await, SubmitResult::Known, "Bob's store holds it");

	// An account no DID funds gets nothing in.
	let stranger = sr25519::Pair::from_seed(&[23; 32]);
	assert_eq!(
		submit(alice, &statement(&stranger, topic, b"spam")).await,
		SubmitResult::Rejected(RejectionReason::NoAllowance)
	);

	// Deactivation withdraws the allowance in the same call; the store follows.
	let deactivate =
		did_call(alice, did, &did_key, 2, pallet_did::Call::deactivate { did }.into()).await;
	alice.submit_and_finalize(deactivate, &Sr25519Keyring::Alice.pair()).await;
	assert_eq!(allowance(alice, &device.public()).await, StatementAllowance::default());
	assert_eq!(
		submit(alice, &statement(&device, topic, b"ciphertext two")).await,
		SubmitResult::Rejected(RejectionReason::NoAllowance)
	);
}

/// Subscribes to `filter` on `rpc`'s node: the node's error, if it refuses.
async fn subscribe(rpc: &Rpc, filter: TopicFilter) -> Result<(), jsonrpsee::core::client::Error> {
	let subscription: Subscription<StatementEvent> = rpc
		.client
		.subscribe(
			"statement_subscribeStatement",
			rpc_params![filter],
			"statement_unsubscribeStatement",
		)
		.await?;
	drop(subscription);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscription_to_every_statement_is_refused_where_unsafe_rpc_is_denied() {
	let logs = tempfile::tempdir().unwrap();
	// `--rpc-methods safe` is what an external interface gets by default.
	let node = Node::start("safe-rpc", logs.path(), &["--dev", "--tmp", "--rpc-methods", "safe"]);
	let rpc = node.client().await;
	let topic = vec![Topic([0x5a; 32])];
	for everything in [TopicFilter::Any, TopicFilter::MatchAll(Default::default())] {
		let refused = subscribe(&rpc, everything.clone()).await.unwrap_err().to_string();
		assert!(refused.contains("name topics"), "{everything:?}: {refused}");
	}
	let all_of = TopicFilter::MatchAll(topic.clone().try_into().unwrap());
	subscribe(&rpc, all_of).await.expect("a topic is enough");
	let any_of = TopicFilter::MatchAny(topic.try_into().unwrap());
	subscribe(&rpc, any_of).await.expect("any of some topics");
	drop(node);

	// Where unsafe RPC is allowed (a local interface, by default), an operator may.
	let local =
		Node::start("unsafe-rpc", logs.path(), &["--dev", "--tmp", "--rpc-methods", "unsafe"]);
	subscribe(&local.client().await, TopicFilter::Any).await.expect("allowed locally");
}
