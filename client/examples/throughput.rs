//! Throughput and latency of Missive messaging on two validators on loopback: Alice
//! sends through her node, Bob receives through his; every message is committed on
//! chain, stored, gossiped, decrypted and verified, and counts once final (checked
//! against the finalized chain). Latencies are reported per state the receiver shows:
//! unconfirmed (verified, before its commitment), committed (in a best block), final.
//!
//! `cargo run -p missive-client --example throughput -- [MESSAGES] [single|batch]`
//! (`scripts/throughput.sh` runs both modes and prints the figures for
//! `docs/performance.md`).

use std::{
	sync::Mutex,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use missive_client::{
	chain::Wait,
	devnet::{self, Devnet},
	keys::Identity,
	manage,
	messaging::{Messenger, Outcome, Outgoing, ReceiveOptions},
};
use missive_primitives::currency::UNIT;
use sp_core::{sr25519, Pair, H256};

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
	let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let mut args = std::env::args().skip(1);
	let messages: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(200);
	let batched = match args.next().as_deref() {
		None | Some("single") => false,
		Some("batch") => true,
		Some(other) => anyhow::bail!("mode is `single` or `batch`, not {other}"),
	};

	let mut network = Devnet::start(&std::env::temp_dir()).await?;
	let alice_node = network.nodes[0].connect().await?;
	let bob_node = network.nodes[1].connect().await?;
	devnet::wait_finalized(&bob_node, 1).await?;
	let (alice, bob) = (Identity::generate(), Identity::generate());
	let payer = sr25519::Pair::from_string("//Alice", None).expect("dev key");
	for who in [&alice, &bob] {
		manage::transfer(&alice_node, &payer, &who.account.public(), 10_000 * UNIT, Wait::InBlock)
			.await?;
	}
	manage::create_did(&alice_node, &alice, 1, Wait::InBlock).await?;
	manage::create_did(&bob_node, &bob, 1, Wait::InBlock).await?;
	manage::set_store_allowance(&alice_node, &alice, 1_000, 4 * 1024 * 1024, Wait::Finalized)
		.await?;

	let sender = Messenger::new(&alice_node, &alice).await?;
	let receiver = Messenger::new(&bob_node, &bob).await?;
	let outgoing: Vec<Outgoing> = (0..messages)
		.map(|i| Outgoing {
			recipient: bob.did(),
			conversation: H256::repeat_byte(1),
			body: format!("benchmark message {i:05} {}", "x".repeat(200)).into_bytes(),
		})
		.collect();
	let options = ReceiveOptions {
		from: vec![alice.did()],
		expect: Some(messages),
		deadline: Duration::from_secs(1_800),
		..Default::default()
	};
	// Send → each state, per message: the time from its signing to the state change.
	const UNCONFIRMED: usize = 0;
	const COMMITTED: usize = 1;
	const FINAL: usize = 2;
	let latencies: Mutex<[Vec<u64>; 3]> = Mutex::new(Default::default());
	let rejected = Mutex::new(0usize);
	let unproven = Mutex::new(0usize);
	let missing = Mutex::new(0usize);
	let started = Instant::now();
	let send = async {
		let sent_at = Instant::now();
		let result = if batched {
			sender
				.send_batch(&outgoing, |_| {})
				.await
				.map(|sent| (sent.len(), sent.iter().map(|s| s.included.block_number).collect()))
		} else {
			let results = sender.send_many(&outgoing, |_| {}).await;
			let sent: Vec<_> = results.iter().flatten().collect();
			Ok((sent.len(), sent.iter().map(|s| s.included.block_number).collect()))
		};
		(result, sent_at.elapsed())
	};
	let reached = |state: usize, sent_at: u64| {
		latencies.lock().unwrap()[state].push(now_ms().saturating_sub(sent_at))
	};
	let receive = receiver.receive(&options, |outcome| match outcome {
		Outcome::Unconfirmed { message, .. } => reached(UNCONFIRMED, message.message.sent_at),
		Outcome::Committed { verified, .. } => reached(COMMITTED, verified.message.message.sent_at),
		Outcome::Accepted { verified, .. } => reached(FINAL, verified.message.message.sent_at),
		Outcome::Rejected { .. } => *rejected.lock().unwrap() += 1,
		Outcome::Unproven { .. } => *unproven.lock().unwrap() += 1,
		Outcome::Missing { .. } => *missing.lock().unwrap() += 1,
	});
	let ((sent, send_time), received) = tokio::join!(send, receive);
	let total = started.elapsed();
	let (sent, blocks): (usize, std::collections::BTreeSet<u32>) = sent?;
	received?;
	let mut latencies = latencies.into_inner().unwrap();
	for state in &mut latencies {
		state.sort_unstable();
	}
	let verified = latencies[FINAL].len();
	let (rejected, unproven, missing) = (
		rejected.into_inner().unwrap(),
		unproven.into_inner().unwrap(),
		missing.into_inner().unwrap(),
	);
	anyhow::ensure!(
		verified > 0,
		"no message became final ({} shown unconfirmed, {} committed; {rejected} rejected, \
		 {unproven} unproven, {missing} missing)",
		latencies[UNCONFIRMED].len(),
		latencies[COMMITTED].len(),
	);
	let distribution = |sorted: &[u64]| match sorted {
		[] => serde_json::Value::Null,
		_ => serde_json::json!({
			"count": sorted.len(),
			"p50": percentile(sorted, 50.0),
			"p99": percentile(sorted, 99.0),
			"min": sorted[0],
			"max": sorted[sorted.len() - 1],
		}),
	};
	let report = serde_json::json!({
		"mode": if batched { "batch" } else { "single" },
		"messages": messages,
		"sent": sent,
		"commitBlocks": blocks,
		"verified": verified,
		"rejected": rejected,
		"unproven": unproven,
		"missing": missing,
		"sendSeconds": send_time.as_secs_f64(),
		"totalSeconds": total.as_secs_f64(),
		"sendPerSecond": sent as f64 / send_time.as_secs_f64(),
		"verifiedPerSecond": verified as f64 / total.as_secs_f64(),
		"latencyMs": {
			"unconfirmed": distribution(&latencies[UNCONFIRMED]),
			"committed": distribution(&latencies[COMMITTED]),
			"final": distribution(&latencies[FINAL]),
		},
	});
	println!("{}", serde_json::to_string_pretty(&report)?);
	drop(network);
	Ok(())
}
