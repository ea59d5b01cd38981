//! The `missive` command-line client against a development node, as a user runs it:
//! keystores created with a password, accounts funded, DIDs created, a message sent and
//! received (`--json`), a send beyond the store allowance refused with exit code 3 (and
//! every earlier message still delivered), a DID recovered by its guardian to a new
//! phrase that then receives again, messages that verify after their sender's
//! deactivation, a wrong password and a refused send reported with exit code 1.

use std::{
	path::Path,
	process::{Command, Output},
};

use missive_client::{
	chain::{runtime, Chain, RuntimeCall, Wait},
	devnet::{self, Devnet},
};
use serde_json::Value;
use sp_core::Pair;

const PASSWORD: &str = "correct horse battery staple";

/// Runs `missive` with `args` against `url` and the keystore at `keystore`.
fn missive(url: &str, keystore: &Path, password: &str, args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_missive"))
		.args(["--url", url, "--keystore"])
		.arg(keystore)
		.args(args)
		.env("MISSIVE_PASSWORD", password)
		.output()
		.expect("run missive")
}

/// Lowers the chain's minimum recovery delay to `blocks`, as root (the development
/// chain's sudo key, Alice's) may: `:MinRecoveryDelay:` is a storage parameter.
async fn lower_min_recovery_delay(chain: &Chain, blocks: u32) {
	let key = sp_crypto_hashing::twox_128(b":MinRecoveryDelay:").to_vec();
	let set = RuntimeCall::System(runtime::system::Call::set_storage {
		items: vec![(key, codec::Encode::encode(&blocks))],
	});
	let sudo = sp_core::sr25519::Pair::from_string("//Alice", None).unwrap();
	chain.submit(&runtime::tx().sudo().sudo(set), &sudo, Wait::InBlock).await.unwrap();
}

/// Completes `did`'s recovery from the keystore `keystore` once its delay has passed.
async fn complete_recovery(keystore: &Path, did: &str, run: &impl Fn(&Path, &[&str]) -> Output) {
	for _ in 0..30 {
		let output = run(keystore, &["--json", "did", "recovery", "complete", did]);
		if output.status.success() {
			return;
		}
		let stdout = String::from_utf8_lossy(&output.stdout);
		assert!(stdout.contains("RecoveryNotReady"), "{stdout}");
		tokio::time::sleep(std::time::Duration::from_secs(2)).await;
	}
	panic!("the recovery of {did} never became ready");
}

/// The decided lines of `inbox --json`: without the states a message passes through
/// (`unconfirmed`, `committed`) before it is final.
fn decided(lines: Vec<Value>) -> Vec<Value> {
	lines
		.into_iter()
		.filter(|line| {
			!["unconfirmed", "committed"].contains(&line["state"].as_str().unwrap_or_default())
		})
		.collect()
}

/// The JSON lines `missive --json …` printed; panics with its stderr if it failed.
fn json_lines(output: Output) -> Vec<Value> {
	assert!(
		output.status.success(),
		"missive failed: {}\n{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout)
		.unwrap()
		.lines()
		.map(|line| serde_json::from_str(line).expect("one JSON object per line"))
		.collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_goes_from_one_keystore_to_another_through_the_cli() {
	let mut network = Devnet::start_dev(&std::env::temp_dir()).await.expect("a dev node");
	let chain = network.nodes[0].connect().await.unwrap();
	devnet::wait_finalized(&chain, 1).await.unwrap();
	let url = network.nodes[0].url();
	let keys = tempfile::tempdir().unwrap();
	let (alice, bob) = (keys.path().join("alice.json"), keys.path().join("bob.json"));
	let run = |keystore: &Path, args: &[&str]| missive(&url, keystore, PASSWORD, args);

	let mut dids = Vec::new();
	for keystore in [&alice, &bob] {
		let generated = run(keystore, &["--json", "key", "generate"]);
		let stderr = String::from_utf8_lossy(&generated.stderr).into_owned();
		let phrase = stderr.lines().last().expect("the phrase, printed once");
		assert_eq!(phrase.split(' ').count(), 12, "{stderr}");
		let created = json_lines(generated);
		let file = std::fs::read_to_string(keystore).unwrap();
		assert!(!file.contains(phrase), "the phrase is not in the keystore file");
		dids.push(created[0]["did"].as_str().unwrap().to_owned());
		json_lines(run(
			keystore,
			&["--json", "--no-finality", "account", "fund", "--from", "//Alice"],
		));
		json_lines(run(keystore, &["--json", "--no-finality", "did", "create"]));
	}
	json_lines(run(&alice, &["--json", "policy", "allowance", "--count", "3", "--bytes", "65536"]));
	// Private mode posts from a second account, which buys its own allowance (no DID call).
	json_lines(run(
		&alice,
		&["--json", "--no-finality", "account", "fund", "--posting", "--from", "//Alice"],
	));
	json_lines(run(
		&alice,
		&["--json", "policy", "allowance", "--posting", "--count", "2", "--bytes", "65536"],
	));

	let shown = json_lines(run(&bob, &["--json", "did", "show"]));
	assert_eq!(shown[0]["didDocument"]["id"], dids[1]);
	assert_eq!(shown[0]["didDocument"]["keyAgreement"].as_array().unwrap().len(), 1);

	// Public: committed from Alice's DID, acknowledged on chain.
	let sent =
		json_lines(run(&alice, &["--json", "send", "--public", &dids[1], "hello from the CLI"]));
	let envelope = sent[0]["envelope"].clone();
	let (block, finalized) = (sent[0]["block"].as_u64(), sent[0]["final"].as_u64());
	assert!(block.is_some() && finalized == block, "committed, then final: {}", sent[0]);
	let received = decided(json_lines(run(
		&bob,
		&["--json", "inbox", "--expect", "1", "--deadline", "120", "--ack", "read"],
	)));
	assert_eq!(received.len(), 1);
	assert_eq!(received[0]["state"], "final");
	assert_eq!(received[0]["envelope"], envelope);
	assert_eq!(received[0]["from"], dids[0]);
	assert_eq!(received[0]["body"], "hello from the CLI");
	assert!(received[0]["receipt"]["block"].is_u64(), "acknowledged: {}", received[0]);

	// Private (the default): two messages under one sealed commitment. The posting
	// account's allowance holds two statements: a third is refused before anything is
	// committed (exit code 3), and the store keeps every earlier message.
	let two = json_lines(run(&alice, &["--json", "send", &dids[1], "again", "--repeat", "2"]));
	assert_eq!(two.len(), 2);
	assert!(two[0]["sealed"].is_string() && two[0]["sealed"] == two[1]["sealed"], "{two:?}");
	assert!(two[0]["final"].is_u64(), "{two:?}");
	let full = run(&alice, &["--json", "send", &dids[1], "one too many"]);
	assert_eq!(full.status.code(), Some(3), "{}", String::from_utf8_lossy(&full.stdout));
	let stdout = String::from_utf8_lossy(&full.stdout);
	assert!(stdout.contains("store allowance") && stdout.contains("nothing was sent"), "{stdout}");
	let all =
		decided(json_lines(run(&bob, &["--json", "inbox", "--idle", "15", "--deadline", "120"])));
	assert!(all.iter().all(|line| line["state"] == "final"), "none rejected or missing: {all:?}");
	let bodies: Vec<&str> = all.iter().map(|line| line["body"].as_str().unwrap()).collect();
	assert_eq!(bodies.len(), 3, "{all:?}");
	assert_eq!(bodies.iter().filter(|body| **body == "again").count(), 2);
	assert!(bodies.contains(&"hello from the CLI"), "the first is still in the store");
	json_lines(run(
		&alice,
		&["--json", "policy", "allowance", "--posting", "--count", "10", "--bytes", "65536"],
	));

	// Bob closes his inbox: Alice's next public message is refused by his policy, exit
	// code 1; her next private one is committed, and Bob's client refuses it.
	json_lines(run(&bob, &["--json", "policy", "set", "--mode", "closed"]));
	let refused = run(&alice, &["--json", "send", "--public", &dids[1], "anyone there?"]);
	assert_eq!(refused.status.code(), Some(1));
	let stdout = String::from_utf8_lossy(&refused.stdout);
	assert!(
		stdout.contains("would refuse this message") && stdout.contains("inbox is closed"),
		"{stdout}"
	);
	let private = json_lines(run(&alice, &["--json", "send", &dids[1], "anyone there?"]));
	let statement = private[0]["statement"].clone();
	let listed = json_lines(run(&bob, &["--json", "inbox", "--idle", "15", "--deadline", "120"]));
	let refused = listed.iter().find(|line| line["statement"] == statement).expect("listed");
	assert_eq!(refused["state"], "rejected");
	assert!(refused["reason"].as_str().unwrap().contains("inbox is closed"), "{refused}");

	// Bob loses his phrase. Beforehand he named Alice his guardian; with a new phrase he
	// gives her its authentication key, she proposes it, anyone completes the recovery
	// after the delay, and the new keystore adopts Bob's DID: it receives again, and
	// the lost phrase's device is revoked. (The chain's minimum delay, a day, is lowered
	// to two blocks on this development chain, as root may.)
	json_lines(run(&bob, &["--json", "policy", "set", "--mode", "open"]));
	lower_min_recovery_delay(&chain, 2).await;
	json_lines(run(
		&bob,
		&[
			"--json",
			"did",
			"recovery",
			"set",
			"--guardian",
			&dids[0],
			"--threshold",
			"1",
			"--delay",
			"2",
		],
	));
	let new_bob = keys.path().join("new-bob.json");
	let generated = json_lines(run(&new_bob, &["--json", "key", "generate"]));
	let new_key = generated[0]["authenticationKey"].as_str().unwrap().to_owned();
	json_lines(run(&new_bob, &["--json", "--no-finality", "account", "fund", "--from", "//Alice"]));
	let early = run(&new_bob, &["--json", "did", "adopt", &dids[1]]);
	assert_eq!(early.status.code(), Some(1), "its key is not the DID's yet");
	let stdout = String::from_utf8_lossy(&early.stdout);
	assert!(stdout.contains("not one this phrase derives"), "{stdout}");
	json_lines(run(
		&alice,
		&["--json", "did", "recovery", "initiate", &dids[1], "--key", &new_key],
	));
	complete_recovery(&new_bob, &dids[1], &run).await;
	let adopted = json_lines(run(&new_bob, &["--json", "did", "adopt", &dids[1]]));
	assert_eq!(adopted[0]["addedDevice"], true, "{adopted:?}");
	assert_eq!(adopted[0]["revokedDevices"], 1, "the lost phrase's device: {adopted:?}");
	let shown = json_lines(run(&new_bob, &["--json", "key", "show"]));
	assert_eq!(shown[0]["did"], dids[1], "the new keystore acts for Bob's DID");
	let document = json_lines(run(&new_bob, &["--json", "did", "show"]));
	let devices = document[0]["didDocument"]["keyAgreement"].as_array().unwrap().clone();
	assert_eq!(devices.len(), 1, "{document:?}");
	let lost = run(&bob, &["--json", "did", "rotate", "--role", "assertion"]);
	assert_eq!(lost.status.code(), Some(1), "the lost phrase no longer acts for the DID");
	let stdout = String::from_utf8_lossy(&lost.stdout);
	assert!(stdout.contains("not one this phrase derives"), "{stdout}");
	json_lines(run(&alice, &["--json", "send", "--public", &dids[1], "welcome back"]));
	let listed = decided(json_lines(run(
		&new_bob,
		&["--json", "inbox", "--idle", "15", "--deadline", "120"],
	)));
	let welcome = listed.iter().find(|line| line["body"] == "welcome back").expect("received");
	assert_eq!(welcome["state"], "final", "{welcome}");
	assert_eq!(welcome["from"], dids[0], "{welcome}");

	// Alice deactivates her DID after sending privately: her keys are kept as long as the
	// message may be, so Bob still verifies it as hers. (Her DID's store allowance goes
	// with it, and the store drops what her account signed: public messages not yet
	// received are listed missing. The posting account's allowance is its own.)
	json_lines(run(&alice, &["--json", "send", &dids[1], "goodbye"]));
	json_lines(run(&alice, &["--json", "did", "deactivate"]));
	let shown = json_lines(run(&alice, &["--json", "did", "show"]));
	assert_eq!(shown[0]["didDocumentMetadata"]["deactivated"], true, "{shown:?}");
	let listed = decided(json_lines(run(
		&new_bob,
		&["--json", "inbox", "--idle", "15", "--deadline", "120"],
	)));
	let goodbye = listed.iter().find(|line| line["body"] == "goodbye");
	let goodbye = goodbye.unwrap_or_else(|| panic!("not received: {listed:?}"));
	assert_eq!(goodbye["state"], "final", "{goodbye}");
	assert_eq!(goodbye["from"], dids[0], "{goodbye}");

	// A wrong password opens nothing.
	let wrong = missive(&url, &alice, "not the password", &["key", "show"]);
	assert_eq!(wrong.status.code(), Some(1));
	assert!(String::from_utf8_lossy(&wrong.stderr).contains("open keystore"));
	drop(network);
}
