//! Load on a Missive network on loopback: S senders × R recipients across 2 or 4 nodes.
//! Senders' clients use the first half of the nodes, recipients' the second half; every
//! message is stored, gossiped, decrypted, verified against its sender's DID and proven
//! by its commitment, as `Messenger::receive` shows it: unconfirmed, committed, final.
//! In the same run and between the same nodes, the statement store alone (raw signed
//! statements of the same size, no Missive logic) is the baseline Missive's rate is a
//! fraction of.
//!
//! Prints one JSON report: delivered messages per second over time per state, the rate
//! in the steady state (between the 10th and the 90th percentile of arrivals), and
//! send → state latency percentiles. `scripts/load.sh` builds it in the release profile,
//! runs it on 2 and 4 nodes and draws the report.
//!
//! `cargo run --release -p missive-client --example load -- --help`

use std::{
	collections::HashSet,
	sync::{Arc, Mutex},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::Context;
use clap::{Parser, ValueEnum};
use codec::Encode;
use futures::StreamExt;
use missive_client::{
	chain::{Chain, Wait},
	devnet::{self, Devnet},
	keys::Identity,
	manage,
	messaging::{Messenger, Outcome, Outgoing, ReceiveOptions},
};
use missive_primitives::currency::UNIT;
use sp_core::{bounded::BoundedVec, sr25519, Pair, H256};
use sp_statement_store::{Statement, StatementEvent, SubmitResult, TopicFilter};

#[derive(Parser)]
struct Args {
	/// Nodes on loopback: the two validators, and up to two full nodes.
	#[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=4))]
	nodes: u8,
	#[arg(long, default_value_t = 16)]
	senders: usize,
	#[arg(long, default_value_t = 16)]
	recipients: usize,
	/// Messages each sender sends (at most the chain's largest store allowance, 1,000).
	#[arg(long, default_value_t = 800)]
	per_sender: usize,
	/// Messages a sender hands its client at once: one batch commitment (`batch`) or
	/// one commitment each (`single`).
	#[arg(long, default_value_t = 200)]
	chunk: usize,
	#[arg(long, value_enum, default_value_t = Mode::Batch)]
	mode: Mode,
	/// Bytes of each message's body.
	#[arg(long, default_value_t = 200)]
	body: usize,
	/// Skip the statement store's baseline.
	#[arg(long)]
	no_baseline: bool,
	/// Each phase (baseline, Missive) stops after this many seconds in any case.
	#[arg(long, default_value_t = 900)]
	deadline: u64,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Mode {
	Batch,
	Single,
}

/// The states a recipient shows, in the report's order, after `shown`: the first state
/// each message was shown in (a message first seen with its commitment already in a
/// block or final skips `unconfirmed`).
const STATES: [&str; 4] = ["shown", "unconfirmed", "committed", "final"];

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
	let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

/// When each message reached a state (ms since the epoch), and how long after it was
/// sent.
#[derive(Default)]
struct Arrivals {
	at_ms: Vec<u64>,
	latency_ms: Vec<u64>,
}

impl Arrivals {
	fn push(&mut self, sent_at: u64) {
		let now = now_ms();
		self.at_ms.push(now);
		self.latency_ms.push(now.saturating_sub(sent_at));
	}

	/// The rate between the 10th and the 90th percentile of arrivals, so that warm-up
	/// and the last stragglers do not count; times in seconds since `origin_ms`.
	fn steady(&mut self, origin_ms: u64) -> serde_json::Value {
		self.at_ms.sort_unstable();
		let n = self.at_ms.len();
		if n < 10 {
			return serde_json::Value::Null;
		}
		let (first, last) = (n / 10, n * 9 / 10);
		let seconds = (self.at_ms[last] - self.at_ms[first]).max(1) as f64 / 1000.0;
		let since = |at: u64| at.saturating_sub(origin_ms) as f64 / 1000.0;
		serde_json::json!({
			"fromSeconds": since(self.at_ms[first]),
			"toSeconds": since(self.at_ms[last]),
			"messages": last - first,
			"perSecond": (last - first) as f64 / seconds,
		})
	}

	/// Arrivals in each second since `origin_ms`.
	fn per_second(&self, origin_ms: u64) -> Vec<usize> {
		let second = |at: &u64| (at.saturating_sub(origin_ms) / 1000) as usize;
		let mut counts = vec![0; self.at_ms.iter().map(second).max().map_or(0, |last| last + 1)];
		for at in &self.at_ms {
			counts[second(at)] += 1;
		}
		counts
	}

	/// Latency percentiles 0, 1, …, 100 (ms).
	fn latencies(&mut self) -> serde_json::Value {
		self.latency_ms.sort_unstable();
		let sorted = &self.latency_ms;
		if sorted.is_empty() {
			return serde_json::Value::Null;
		}
		let percentiles: Vec<u64> = (0..=100)
			.map(|p| if p == 0 { sorted[0] } else { percentile(sorted, p as f64) })
			.collect();
		serde_json::json!({
			"count": sorted.len(),
			"p50": percentile(sorted, 50.0),
			"p90": percentile(sorted, 90.0),
			"p99": percentile(sorted, 99.0),
			"max": sorted[sorted.len() - 1],
			"percentiles": percentiles,
		})
	}
}

/// The network, and which nodes senders and recipients use.
struct Network {
	devnet: Devnet,
	/// One connection per node, for the whole run (the clients' tasks hold them).
	chains: &'static [Chain],
}

impl Network {
	async fn start(nodes: u8) -> anyhow::Result<Self> {
		let mut devnet = Devnet::start(&std::env::temp_dir()).await?;
		for name in ["charlie", "dave"].into_iter().take(usize::from(nodes) - 2) {
			devnet.add_full_node(name).await?;
		}
		let mut chains = Vec::new();
		for node in &mut devnet.nodes {
			chains.push(node.connect().await?);
		}
		devnet::wait_finalized(&chains[0], 1).await?;
		Ok(Self { devnet, chains: Vec::leak(chains) })
	}

	fn sending(&self, index: usize) -> &'static Chain {
		let half = self.chains.len() / 2;
		&self.chains[index % half]
	}

	fn receiving(&self, index: usize) -> &'static Chain {
		let half = self.chains.len() / 2;
		&self.chains[half + index % (self.chains.len() - half)]
	}

	/// Funds `accounts` from the development account, in one block.
	async fn fund(&self, accounts: &[sr25519::Public]) -> anyhow::Result<()> {
		let payer = sr25519::Pair::from_string("//Alice", None).expect("dev key");
		for result in
			manage::fund(&self.chains[0], &payer, accounts, 10_000 * UNIT, Wait::InBlock).await
		{
			result?;
		}
		Ok(())
	}

	/// Where the CPU time went: this process (the clients), then each node.
	fn cpu(&self) -> Cpu {
		let pids = std::iter::once(std::process::id())
			.chain(self.devnet.nodes.iter().map(|node| node.pid()));
		Cpu { at: Instant::now(), seconds: pids.map(cpu_seconds).collect() }
	}
}

/// CPU seconds (user and system) process `pid` used so far, from `/proc/<pid>/stat`
/// (in the kernel's USER_HZ, 100 per second).
fn cpu_seconds(pid: u32) -> f64 {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
	// After the command's name in parentheses: state is field 3, utime 14, stime 15.
	let fields: Vec<&str> =
		stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
	let ticks = |field: usize| fields.get(field - 3).and_then(|f| f.parse::<u64>().ok());
	(ticks(14).unwrap_or(0) + ticks(15).unwrap_or(0)) as f64 / 100.0
}

struct Cpu {
	at: Instant,
	seconds: Vec<f64>,
}

impl Cpu {
	/// The share of one core each process used since `self`: the client, then the nodes.
	fn since(&self, network: &Network) -> serde_json::Value {
		let now = network.cpu();
		let wall = now.at.duration_since(self.at).as_secs_f64();
		let used: Vec<f64> =
			now.seconds.iter().zip(&self.seconds).map(|(now, then)| (now - then) / wall).collect();
		serde_json::json!({ "client": used[0], "nodes": used[1..] })
	}
}

/// Every `task`, at most `limit` at once; the first error.
async fn all<F: std::future::Future<Output = anyhow::Result<()>>>(
	tasks: impl IntoIterator<Item = F>,
	limit: usize,
) -> anyhow::Result<()> {
	let results: Vec<_> = futures::stream::iter(tasks).buffer_unordered(limit).collect().await;
	results.into_iter().collect()
}

/// Waits for every task, each on the runtime's threads; the first error.
async fn join(mut tasks: tokio::task::JoinSet<anyhow::Result<()>>) -> anyhow::Result<()> {
	let mut outcome = Ok(());
	while let Some(result) = tasks.join_next().await {
		if let Err(error) = result? {
			outcome = outcome.and(Err(error));
		}
	}
	outcome
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args = Args::parse();
	anyhow::ensure!(args.senders > 0 && args.recipients > 0 && args.chunk > 0, "nothing to send");
	let network = Network::start(args.nodes).await?;
	let messages = args.senders * args.per_sender;
	let missive = run_missive(&network, &args).await?;
	let bytes = missive.statement_bytes;
	let store = if args.no_baseline || bytes == 0 {
		serde_json::Value::Null
	} else {
		run_store(&network, &args, bytes).await?
	};
	let rate = |report: &serde_json::Value| report.as_f64();
	let fraction = match (
		rate(&missive.report["steady"]["shown"]["perSecond"]),
		rate(&store["steady"]["perSecond"]),
	) {
		(Some(missive), Some(store)) => serde_json::json!(missive / store),
		_ => serde_json::Value::Null,
	};
	let report = serde_json::json!({
		"build": if cfg!(debug_assertions) { "debug" } else { "release" },
		"nodes": args.nodes,
		"senders": args.senders,
		"recipients": args.recipients,
		"messages": messages,
		"mode": if args.mode == Mode::Batch { "batch" } else { "single" },
		"chunk": args.chunk,
		"statementBytes": bytes,
		"missive": missive.report,
		"store": store,
		"fractionOfStore": fraction,
	});
	println!("{}", serde_json::to_string_pretty(&report)?);
	drop(network.devnet);
	Ok(())
}

/// Per phase of a chunk's send (first statement stored, last stored, commitment in a
/// block), the median and the 90th percentile, ms since the call.
fn chunk_phases(chunks: &[[u64; 3]]) -> serde_json::Value {
	if chunks.is_empty() {
		return serde_json::Value::Null;
	}
	let phase = |index: usize| {
		let mut times: Vec<u64> = chunks.iter().map(|chunk| chunk[index]).collect();
		times.sort_unstable();
		serde_json::json!({ "p50": percentile(&times, 50.0), "p90": percentile(&times, 90.0) })
	};
	serde_json::json!({ "firstStored": phase(0), "allStored": phase(1), "included": phase(2) })
}

struct MissiveRun {
	report: serde_json::Value,
	/// Mean data length of a message's statement.
	statement_bytes: usize,
}

#[derive(Default)]
struct Counts {
	sent: usize,
	sent_bytes: usize,
	send_ms: u64,
	rejected: usize,
	unproven: usize,
	missing: usize,
	/// Per chunk sent: ms from the call to its first statement stored, to its last, to
	/// the call's return (its commitment in a block).
	chunks: Vec<[u64; 3]>,
}

async fn run_missive(network: &Network, args: &Args) -> anyhow::Result<MissiveRun> {
	let generate = |n| Vec::leak((0..n).map(|_| Identity::generate()).collect::<Vec<_>>());
	let senders: &'static [Identity] = generate(args.senders);
	let recipients: &'static [Identity] = generate(args.recipients);
	let accounts: Vec<_> = senders.iter().chain(recipients).map(|i| i.account.public()).collect();
	network.fund(&accounts).await.context("funding")?;
	let creations = senders.iter().enumerate().map(|(i, who)| (network.sending(i), who));
	let creations =
		creations.chain(recipients.iter().enumerate().map(|(j, who)| (network.receiving(j), who)));
	all(
		creations.map(|(chain, who)| async move {
			manage::create_did(chain, who, 1, Wait::InBlock).await?;
			Ok(())
		}),
		64,
	)
	.await
	.context("creating DIDs")?;
	let allowance = u32::try_from(args.per_sender)?;
	all(
		senders.iter().enumerate().map(|(i, who)| async move {
			let chain = network.sending(i);
			manage::set_store_allowance(chain, who, allowance, 4 * 1024 * 1024, Wait::Finalized)
				.await?;
			Ok(())
		}),
		64,
	)
	.await
	.context("store allowances")?;

	let sender_dids: Vec<_> = senders.iter().map(Identity::did).collect();
	let expected = |j: usize| {
		(0..args.senders)
			.map(|i| (0..args.per_sender).filter(|k| (i + k) % args.recipients == j).count())
			.sum::<usize>()
	};
	let arrivals: Arc<Mutex<[Arrivals; 4]>> = Default::default();
	let counts: Arc<Mutex<Counts>> = Default::default();
	let deadline = Duration::from_secs(args.deadline);
	// Recipients listen first; each client runs as its own task, on every core.
	let mut receiving = tokio::task::JoinSet::new();
	for (j, who) in recipients.iter().enumerate() {
		let messenger = Messenger::new(network.receiving(j), who).await?;
		let options = ReceiveOptions {
			from: sender_dids.clone(),
			expect: Some(expected(j)),
			deadline,
			idle: Duration::from_secs(120),
			..Default::default()
		};
		let (arrivals, counts) = (arrivals.clone(), counts.clone());
		receiving.spawn(async move {
			let mut shown = HashSet::new();
			let mut reached = |state: usize, envelope: H256, sent_at: u64| {
				let mut arrivals = arrivals.lock().unwrap();
				if shown.insert(envelope) {
					arrivals[0].push(sent_at);
				}
				arrivals[state].push(sent_at);
			};
			let count =
				|field: fn(&mut Counts) -> &mut usize| *field(&mut counts.lock().unwrap()) += 1;
			messenger
				.receive(&options, |outcome| match outcome {
					Outcome::Unconfirmed { envelope, message, .. } => {
						reached(1, *envelope, message.message.sent_at)
					},
					Outcome::Committed { envelope, verified, .. } => {
						reached(2, *envelope, verified.message.message.sent_at)
					},
					Outcome::Accepted { envelope, verified, .. } => {
						reached(3, *envelope, verified.message.message.sent_at)
					},
					Outcome::Rejected { .. } => count(|c| &mut c.rejected),
					Outcome::Unproven { .. } => count(|c| &mut c.unproven),
					Outcome::Missing { .. } => count(|c| &mut c.missing),
				})
				.await?;
			Ok(())
		});
	}
	let cpu = network.cpu();
	let (started, origin) = (Instant::now(), now_ms());
	let mut sending = tokio::task::JoinSet::new();
	for (i, who) in senders.iter().enumerate() {
		let messenger = Messenger::new(network.sending(i), who).await?;
		// Sender i's k-th message goes to recipient (i + k) mod R.
		let messages: Vec<Outgoing> = (0..args.per_sender)
			.map(|k| Outgoing {
				recipient: recipients[(i + k) % args.recipients].did(),
				conversation: H256::repeat_byte(1),
				body: format!("load {i}/{k:05} {}", "x".repeat(args.body)).into_bytes(),
			})
			.collect();
		let (counts, chunk, mode) = (counts.clone(), args.chunk, args.mode);
		sending.spawn(async move {
			for chunk in messages.chunks(chunk) {
				let began = Instant::now();
				let (first, all) = (Mutex::new(0u64), Mutex::new(0u64));
				let stored = |n: usize| {
					let at = began.elapsed().as_millis() as u64;
					if n == 1 {
						*first.lock().unwrap() = at;
					}
					*all.lock().unwrap() = at;
				};
				let done: Vec<_> = match mode {
					Mode::Batch => messenger.send_batch(chunk, stored).await?,
					Mode::Single => messenger
						.send_many(chunk, stored)
						.await
						.into_iter()
						.collect::<Result<_, _>>()?,
				};
				let mut tally = counts.lock().unwrap();
				tally.chunks.push([
					first.into_inner().unwrap(),
					all.into_inner().unwrap(),
					began.elapsed().as_millis() as u64,
				]);
				tally.sent += done.len();
				tally.sent_bytes += done.iter().map(|s| s.bytes as usize).sum::<usize>();
				tally.send_ms = started.elapsed().as_millis() as u64;
				drop(tally);
				anyhow::ensure!(started.elapsed() < deadline, "the deadline passed while sending");
			}
			Ok(())
		});
	}
	let (sent, received) = tokio::join!(join(sending), join(receiving));
	let total = started.elapsed();
	let cpu = cpu.since(network);
	sent.context("sending")?;
	received.context("receiving")?;
	let counts = std::mem::take(&mut *counts.lock().unwrap());
	let mut arrivals = std::mem::take(&mut *arrivals.lock().unwrap());
	let verified = arrivals[3].at_ms.len();
	anyhow::ensure!(verified > 0, "no message became final");
	let mut steady = serde_json::Map::new();
	let mut latency = serde_json::Map::new();
	let mut timeline = serde_json::Map::new();
	for (state, arrivals) in STATES.iter().zip(&mut arrivals) {
		steady.insert((*state).into(), arrivals.steady(origin));
		latency.insert((*state).into(), arrivals.latencies());
		timeline.insert((*state).into(), serde_json::json!(arrivals.per_second(origin)));
	}
	Ok(MissiveRun {
		report: serde_json::json!({
			"sent": counts.sent,
			"final": verified,
			"rejected": counts.rejected,
			"unproven": counts.unproven,
			"missing": counts.missing,
			"sendSeconds": counts.send_ms as f64 / 1000.0,
			"chunkMs": chunk_phases(&counts.chunks),
			"totalSeconds": total.as_secs_f64(),
			"cpuCores": cpu,
			"steady": steady,
			"latencyMs": latency,
			"perSecond": timeline,
		}),
		statement_bytes: counts.sent_bytes / counts.sent.max(1),
	})
}
/// The statement store alone: the same number of statements of the same size, signed
/// by as many accounts (each with its own store allowance), submitted to the senders'
/// nodes with the same pipelining, each under one of R topics the recipients' nodes
/// are subscribed to; counted on arrival.
async fn run_store(
	network: &Network,
	args: &Args,
	bytes: usize,
) -> anyhow::Result<serde_json::Value> {
	let accounts: Vec<sr25519::Pair> =
		(0..args.senders).map(|_| sr25519::Pair::generate().0).collect();
	network.fund(&accounts.iter().map(Pair::public).collect::<Vec<_>>()).await?;
	let count = u32::try_from(args.per_sender)?;
	all(
		accounts.iter().enumerate().map(|(i, account)| async move {
			let chain = network.sending(i);
			manage::set_own_store_allowance(
				chain,
				account,
				count,
				4 * 1024 * 1024,
				Wait::Finalized,
			)
			.await?;
			Ok(())
		}),
		64,
	)
	.await
	.context("store allowances")?;
	let topic = |j: usize| sp_crypto_hashing::blake2_256(&(b"load", j as u64).encode());
	let expires = (now_ms() / 1000 + 3_600) as u32;
	// Signed when submitted, carrying the time it was: a message's `sent_at`.
	let statement = |i: usize, k: usize, account: &sr25519::Pair| {
		let mut statement = Statement::new();
		let mut data = vec![0u8; bytes.max(8)];
		data[..8].copy_from_slice(&now_ms().to_le_bytes());
		statement.set_plain_data(data);
		statement.set_topic(0, topic((i + k) % args.recipients).into());
		statement.set_expiry_from_parts(expires, k as u32);
		statement.sign_sr25519_private(account);
		statement
	};

	let mut subscriptions = Vec::new();
	for j in 0..args.recipients {
		let filter = TopicFilter::MatchAll(BoundedVec::truncate_from(vec![topic(j).into()]));
		subscriptions.push(network.receiving(j).subscribe_statements(filter).await?);
	}
	let expected = args.senders * args.per_sender;
	let arrivals = Mutex::new(Arrivals::default());
	let cpu = network.cpu();
	let (started, origin) = (Instant::now(), now_ms());
	let deadline = Duration::from_secs(args.deadline);
	let statement = &statement;
	let submit = all(
		accounts.iter().enumerate().map(|(i, account)| async move {
			let chain = network.sending(i);
			let results: Vec<_> = futures::stream::iter(0..args.per_sender)
				.map(|k| async move { chain.submit_statement(&statement(i, k, account)).await })
				.buffered(64)
				.collect()
				.await;
			for result in results {
				match result? {
					SubmitResult::New | SubmitResult::Known => {},
					refused => anyhow::bail!("the store refused a statement: {refused:?}"),
				}
			}
			Ok(())
		}),
		args.senders,
	);
	let receive = async {
		let mut seen = HashSet::new();
		let mut events = futures::stream::select_all(subscriptions);
		while seen.len() < expected {
			let remaining = deadline.saturating_sub(started.elapsed());
			let Ok(Some(event)) = tokio::time::timeout(remaining, events.next()).await else {
				break;
			};
			let Ok(StatementEvent::NewStatements { statements, .. }) = event else { continue };
			for encoded in statements {
				let statement = <Statement as codec::Decode>::decode(&mut &encoded[..])?;
				if seen.insert(statement.hash()) {
					let data = statement.data().map(|d| d[..8].to_vec()).unwrap_or_default();
					let sent_at = u64::from_le_bytes(data.try_into().unwrap_or_default());
					arrivals.lock().unwrap().push(sent_at);
				}
			}
		}
		anyhow::Ok(seen.len())
	};
	let (submitted, received) = tokio::join!(submit, receive);
	let cpu = cpu.since(network);
	submitted?;
	let received = received?;
	let mut arrivals = arrivals.into_inner().unwrap();
	Ok(serde_json::json!({
		"statements": expected,
		"received": received,
		"totalSeconds": started.elapsed().as_secs_f64(),
		"cpuCores": cpu,
		"steady": arrivals.steady(origin),
		"latencyMs": arrivals.latencies(),
		"perSecond": arrivals.per_second(origin),
	}))
}
