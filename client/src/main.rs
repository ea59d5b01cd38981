//! `missive`: the command-line client. Keys live in a keystore file encrypted at rest;
//! beside it, journals of what the identity received (`keystore.received`, against
//! replays) and still has in the store (`keystore.posted`, against overrunning its
//! allowance); everything else is on chain or in the statement store of the node at
//! `--url`. Exit codes: 0 done, 1 failed, 3 nothing sent because the store allowance
//! is full.

use std::{
	collections::BTreeMap,
	io::{BufRead, IsTerminal, Write},
	path::PathBuf,
	time::Duration,
};

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use missive_client::{
	chain::{Chain, Included, Wait},
	keys::Identity,
	keystore, manage,
	message::SignedMessage,
	messaging::{Messenger, Outcome, Outgoing, ReceiveOptions, SendError, Sent, Via},
	posted::AllowanceFull,
};
use missive_primitives::{
	consent::{ConsentScope, Expiry},
	currency::UNIT,
	did::{DidId, DidVerificationKey, KeyRelationship},
	envelope::{EnvelopeId, ReceiptStatus},
	policy::{InboxMode, InboxPolicy},
};
use serde_json::json;
use sp_core::{crypto::Ss58Codec, Pair, H256};

#[derive(Parser)]
#[command(
	name = "missive",
	version,
	about = "End-to-end encrypted messages with on-chain provenance"
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, env = "MISSIVE_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The keystore file (encrypted at rest).
	#[arg(long, global = true, env = "MISSIVE_KEYSTORE")]
	keystore: Option<PathBuf>,
	/// A file whose first line is the keystore's password; otherwise `MISSIVE_PASSWORD`,
	/// otherwise it is read from standard input.
	#[arg(long, global = true)]
	password_file: Option<PathBuf>,
	/// Print machine-readable JSON instead of text.
	#[arg(long, global = true)]
	json: bool,
	/// Return once a transaction is in a block, without waiting for finality.
	#[arg(long, global = true)]
	no_finality: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Keys: generate or import a BIP39 phrase, show what it derives.
	#[command(subcommand)]
	Key(KeyCommand),
	/// The account that pays fees and signs statements.
	#[command(subcommand)]
	Account(AccountCommand),
	/// The identity's DID: create, show, rotate keys, add devices, deactivate.
	#[command(subcommand)]
	Did(DidCommand),
	/// Consent: grant, revoke, request, accept.
	#[command(subcommand)]
	Consent(ConsentCommand),
	/// The inbox policy and the statement-store allowance.
	#[command(subcommand)]
	Policy(PolicyCommand),
	/// Encrypt, sign, commit and deliver messages to a DID. A send that would not fit in
	/// the account's store allowance beside what it still holds there is refused before
	/// anything is committed (exit code 3): the store would drop earlier messages.
	Send(SendArgs),
	/// Receive, check, decrypt and verify messages sent to this identity. What it
	/// accepts is remembered beside the keystore (`.received`): a copy of a message in
	/// another statement is refused as a replay.
	Inbox(InboxArgs),
	/// Acknowledge an envelope sent to this identity, on chain.
	Ack {
		/// The envelope id (0x…).
		envelope: H256,
		#[arg(value_enum, default_value = "read")]
		status: AckStatus,
	},
}

#[derive(Subcommand)]
enum KeyCommand {
	/// A fresh 12-word phrase, saved encrypted; the phrase is printed once, to stderr.
	Generate,
	/// A phrase read from standard input, saved encrypted.
	Import,
	/// The DID, account and device keys the keystore's phrase derives.
	Show,
}

#[derive(Subcommand)]
enum AccountCommand {
	/// The account's free balance.
	Balance,
	/// Transfers tokens to this identity's account from an account given by secret URI
	/// (development chains: `//Alice`).
	Fund {
		#[arg(long)]
		from: String,
		/// Whole tokens.
		#[arg(long, default_value_t = 100)]
		amount: u128,
		/// Fund the posting account (private mode) instead of the account. Funded from
		/// an account linked to this identity, it is linked too: fund it from elsewhere.
		#[arg(long)]
		posting: bool,
	},
}

#[derive(Subcommand)]
enum DidCommand {
	/// Creates this identity's DID with devices `0..devices` as key-agreement keys.
	Create {
		#[arg(long, default_value_t = 1)]
		devices: u32,
	},
	/// Resolves a DID (this identity's by default) to its W3C DID document.
	Show { did: Option<DidId> },
	/// Rotates the authentication or assertion key to its next generation.
	Rotate {
		#[arg(long, value_enum)]
		role: Role,
	},
	/// Adds device `index`'s key-agreement key.
	AddDevice {
		#[arg(long)]
		index: u32,
	},
	/// Deactivates the DID for good.
	Deactivate,
	/// Social recovery: name this DID's guardians, or act as a guardian of another.
	#[command(subcommand)]
	Recovery(RecoveryCommand),
	/// Makes this keystore act for a DID whose authentication key a recovery replaced
	/// with this phrase's (the key `key show` prints). The DID's assertion key and
	/// device 0 become this phrase's, and the devices this phrase does not derive are
	/// revoked: they are the lost phrase's.
	Adopt {
		did: DidId,
		/// Leave the DID's other devices' keys in place.
		#[arg(long)]
		keep_devices: bool,
	},
}

/// How a lost phrase's DID comes back: its owner names guardians beforehand (`set`);
/// later, with a new phrase, the owner gives the guardians the new keystore's
/// authentication key (`key show`); one guardian proposes it (`initiate`), the others
/// approve it (`approve`) until the threshold is met; after the delay, during which the
/// old key can still `cancel`, anyone completes it (`complete`); then the new keystore
/// takes the DID over (`did adopt`).
#[derive(Subcommand)]
enum RecoveryCommand {
	/// Names the DIDs that may jointly recover this one.
	Set {
		/// A guardian's DID; repeat for each (at most 8).
		#[arg(long = "guardian", required = true)]
		guardians: Vec<DidId>,
		/// How many guardians must approve.
		#[arg(long)]
		threshold: u32,
		/// Blocks between the approvals and the new key taking effect, during which the
		/// current key can cancel (at least the chain's minimum: a day on Missive's
		/// chains).
		#[arg(long)]
		delay: u32,
	},
	/// Removes this DID's guardians.
	Clear,
	/// As a guardian of `did`: proposes a new authentication key (0x…, an sr25519
	/// public key) and approves it.
	Initiate {
		did: DidId,
		#[arg(long, value_parser = sr25519_key)]
		key: DidVerificationKey,
	},
	/// As a guardian of `did`: approves the pending recovery to this key.
	Approve {
		did: DidId,
		#[arg(long, value_parser = sr25519_key)]
		key: DidVerificationKey,
	},
	/// Cancels a pending recovery of this identity's DID.
	Cancel,
	/// Completes `did`'s approved recovery once its delay has passed (any account pays).
	Complete { did: DidId },
}

/// An sr25519 public key given as 0x-prefixed hex.
fn sr25519_key(text: &str) -> Result<DidVerificationKey, String> {
	let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| e.to_string())?;
	let raw: [u8; 32] =
		bytes.try_into().map_err(|_| "an sr25519 public key is 32 bytes".to_owned())?;
	Ok(DidVerificationKey::Sr25519(sp_core::sr25519::Public::from_raw(raw)))
}

#[derive(Subcommand)]
enum ConsentCommand {
	/// Grants a DID consent for a scope.
	Grant(GrantArgs),
	/// Revokes a DID's consent for a scope.
	Revoke {
		grantee: DidId,
		#[arg(long, default_value = "messaging")]
		scope: ConsentScope,
	},
	/// Asks a DID for consent.
	Request {
		recipient: DidId,
		#[arg(long, default_value = "messaging")]
		scope: ConsentScope,
		#[arg(long, default_value = "")]
		note: String,
	},
	/// Accepts a DID's pending request.
	Accept(GrantArgs),
}

#[derive(Args)]
struct GrantArgs {
	did: DidId,
	#[arg(long, default_value = "messaging")]
	scope: ConsentScope,
	/// Last block the consent is in force.
	#[arg(long)]
	until_block: Option<u32>,
	/// What was agreed, in words (its hash is recorded on chain).
	#[arg(long, default_value = "")]
	receipt: String,
}

#[derive(Subcommand)]
enum PolicyCommand {
	/// Sets who may send to this identity's inbox, and its limits.
	Set {
		#[arg(long, value_enum)]
		mode: Mode,
		#[arg(long)]
		max_per_sender: Option<u32>,
		#[arg(long)]
		max_payload_size: Option<u32>,
		/// Blocks commitments to this inbox are kept.
		#[arg(long)]
		retention: Option<u32>,
	},
	/// Lets the statement store keep this identity's account's statements.
	Allowance {
		#[arg(long, default_value_t = 1_000)]
		count: u32,
		#[arg(long, default_value_t = 4 * 1024 * 1024)]
		bytes: u32,
		/// For the posting account (private mode), bought by it with no DID call: fund it
		/// first (`account fund --posting`). Without it, the DID gives the account one.
		#[arg(long)]
		posting: bool,
	},
}

#[derive(Args)]
struct SendArgs {
	/// The recipient's DID.
	to: DidId,
	/// The message (or use --file / --batch).
	text: Option<String>,
	/// Send the content of a file as one message.
	#[arg(long, conflicts_with_all = ["text", "batch"])]
	file: Option<PathBuf>,
	/// Send each line of a file (`-` for standard input) as a message, all under one
	/// commitment.
	#[arg(long, conflicts_with = "text")]
	batch: Option<PathBuf>,
	/// Send the message this many times (load tests).
	#[arg(long, default_value_t = 1)]
	repeat: usize,
	/// Public mode: commit each envelope from this DID (a batch: one batch commitment), so
	/// that the chain checks the recipient's inbox policy and records both DIDs. By
	/// default messages are private: sealed, under one commitment that names nobody.
	#[arg(long)]
	public: bool,
	/// The conversation (32 bytes, 0x…); by default one per pair of DIDs.
	#[arg(long)]
	conversation: Option<H256>,
}

#[derive(Args)]
struct InboxArgs {
	/// Also listen to these senders (besides the inbox's and the consent grants').
	#[arg(long)]
	from: Vec<DidId>,
	/// Stop after this many messages decided (final, rejected or unproven).
	#[arg(long)]
	expect: Option<usize>,
	/// Stop after this many seconds without a new message.
	#[arg(long, default_value_t = 30)]
	idle: u64,
	/// Stop after this many seconds in any case.
	#[arg(long, default_value_t = 600)]
	deadline: u64,
	/// Acknowledge each accepted message on chain.
	#[arg(long, value_enum)]
	ack: Option<AckStatus>,
	/// Seconds a message shown before its commitment may wait for it to be final before
	/// it is listed as unproven [default: until its commitment can no longer land]
	#[arg(long)]
	prove_within: Option<u64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Role {
	Authentication,
	Assertion,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
	Open,
	ConsentRequired,
	Closed,
}

#[derive(Clone, Copy, ValueEnum)]
enum AckStatus {
	Delivered,
	Read,
}

impl From<AckStatus> for ReceiptStatus {
	fn from(status: AckStatus) -> Self {
		match status {
			AckStatus::Delivered => ReceiptStatus::Delivered,
			AckStatus::Read => ReceiptStatus::Read,
		}
	}
}

struct Context_ {
	cli: Cli,
}

impl Context_ {
	fn keystore_path(&self) -> Result<PathBuf> {
		match &self.cli.keystore {
			Some(path) => Ok(path.clone()),
			None => {
				let home = std::env::var_os("HOME")
					.ok_or_else(|| anyhow!("HOME is not set; pass --keystore"))?;
				Ok(PathBuf::from(home).join(".missive").join("keystore.json"))
			},
		}
	}

	fn password(&self) -> Result<String> {
		if let Some(file) = &self.cli.password_file {
			let text = std::fs::read_to_string(file)
				.with_context(|| format!("read {}", file.display()))?;
			return Ok(text.lines().next().unwrap_or_default().to_owned());
		}
		if let Ok(password) = std::env::var("MISSIVE_PASSWORD") {
			return Ok(password);
		}
		if std::io::stdin().is_terminal() {
			eprint!("keystore password: ");
			std::io::stderr().flush()?;
		}
		let mut line = String::new();
		std::io::stdin().lock().read_line(&mut line)?;
		Ok(line.trim_end_matches(['\r', '\n']).to_owned())
	}

	/// The journal `name` beside the keystore (`keystore.received`, `keystore.posted`).
	fn journal(&self, name: &str) -> Result<PathBuf> {
		Ok(self.keystore_path()?.with_extension(name))
	}

	fn identity(&self) -> Result<Identity> {
		let path = self.keystore_path()?;
		keystore::load(&path, &self.password()?)
			.with_context(|| format!("open keystore {}", path.display()))
	}

	async fn chain(&self) -> Result<Chain> {
		Ok(Chain::connect(&self.cli.url).await?)
	}

	fn wait(&self) -> Wait {
		if self.cli.no_finality {
			Wait::InBlock
		} else {
			Wait::Finalized
		}
	}

	fn print(&self, value: serde_json::Value, text: impl FnOnce() -> String) {
		if self.cli.json {
			println!("{value}");
		} else {
			println!("{}", text());
		}
	}

	fn done(&self, what: &str, included: &Included) {
		self.print(
			json!({ "done": what, "block": included.block_number, "blockHash": included.block_hash, "extrinsic": included.extrinsic_hash }),
			|| format!("{what}: in block #{} ({:?})", included.block_number, included.block_hash),
		);
	}

	/// Progress on stderr, on one line, when a person is watching.
	fn progress(&self, what: &str, done: usize, total: usize) {
		if !self.cli.json && std::io::stderr().is_terminal() {
			eprint!("\r{what} {done}/{total}");
			if done == total {
				eprintln!();
			}
		}
	}
}

/// The conversation two DIDs share by default: the same whichever of them computes it.
fn default_conversation(a: &DidId, b: &DidId) -> H256 {
	let (low, high) = if a.0 <= b.0 { (a, b) } else { (b, a) };
	H256(sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(
		b"missive/conversation",
		low,
		high,
	))))
}

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	if let Err(error) = run(Context_ { cli }).await {
		if json {
			println!("{}", json!({ "error": format!("{error:#}") }));
		} else {
			eprintln!("error: {error:#}");
		}
		std::process::exit(exit_code(&error));
	}
}

/// Nothing was sent because the account's store allowance is full.
const EXIT_ALLOWANCE_FULL: i32 = 3;

/// 3 when a send was refused because the store allowance is full (nothing was sent),
/// else 1.
fn exit_code(error: &anyhow::Error) -> i32 {
	let full = error.chain().any(|cause| {
		cause.is::<AllowanceFull>()
			|| matches!(cause.downcast_ref(), Some(SendError::AllowanceFull(_)))
	});
	if full {
		EXIT_ALLOWANCE_FULL
	} else {
		1
	}
}

async fn run(ctx: Context_) -> Result<()> {
	match &ctx.cli.command {
		Command::Key(command) => key(&ctx, command),
		Command::Account(command) => account(&ctx, command).await,
		Command::Did(command) => did(&ctx, command).await,
		Command::Consent(command) => consent(&ctx, command).await,
		Command::Policy(command) => policy(&ctx, command).await,
		Command::Send(args) => send(&ctx, args).await,
		Command::Inbox(args) => inbox(&ctx, args).await,
		Command::Ack { envelope, status } => {
			let identity = ctx.identity()?;
			let chain = ctx.chain().await?;
			let messenger = Messenger::new(&chain, &identity).await?;
			let included = messenger.acknowledge(*envelope, (*status).into(), ctx.wait()).await?;
			ctx.done("acknowledged", &included);
			Ok(())
		},
	}
}

fn show_identity(ctx: &Context_, identity: &Identity) {
	let device = identity.device(0).public();
	// What guardians install when this phrase recovers a DID.
	let authentication = hex::encode(identity.authentication.public());
	ctx.print(
		json!({
			"did": identity.did().to_string(),
			"account": identity.account.public().to_ss58check(),
			"device0": format!("0x{}", hex::encode(device)),
			"authenticationKey": format!("0x{authentication}"),
		}),
		|| {
			format!(
				"DID      {}\naccount  {}\ndevice 0 0x{}\nauthentication key 0x{authentication} \
				 (what guardians install to recover a DID to this phrase)",
				identity.did(),
				identity.account.public().to_ss58check(),
				hex::encode(device)
			)
		},
	);
}

fn key(ctx: &Context_, command: &KeyCommand) -> Result<()> {
	let path = ctx.keystore_path()?;
	let identity = match command {
		KeyCommand::Show => ctx.identity()?,
		KeyCommand::Generate | KeyCommand::Import => {
			let identity = match command {
				KeyCommand::Generate => Identity::generate(),
				_ => {
					if std::io::stdin().is_terminal() {
						eprint!("phrase: ");
					}
					let mut phrase = String::new();
					std::io::stdin().lock().read_line(&mut phrase)?;
					Identity::from_phrase(phrase.trim())?
				},
			};
			let password = ctx.password()?;
			if password.is_empty() {
				bail!("an empty password would leave the keystore unprotected");
			}
			if let Some(dir) = path.parent() {
				std::fs::create_dir_all(dir)?;
			}
			keystore::save(&path, &identity, &password)
				.with_context(|| format!("save {}", path.display()))?;
			if matches!(command, KeyCommand::Generate) {
				eprintln!("Write this phrase down; it restores every key:\n{}", identity.phrase());
			}
			identity
		},
	};
	show_identity(ctx, &identity);
	Ok(())
}

async fn account(ctx: &Context_, command: &AccountCommand) -> Result<()> {
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	match command {
		AccountCommand::Balance => {
			let free =
				chain.free_balance(&missive_client::chain::account_of(&identity.account)).await?;
			ctx.print(json!({ "free": free.to_string() }), || {
				format!("{} MSV", free as f64 / UNIT as f64)
			});
		},
		AccountCommand::Fund { from, amount, posting } => {
			let payer = sp_core::sr25519::Pair::from_string(from, None)
				.map_err(|e| anyhow!("--from is not a secret URI: {e:?}"))?;
			let to = if *posting { &identity.posting } else { &identity.account };
			let included =
				manage::transfer(&chain, &payer, &to.public(), amount * UNIT, ctx.wait()).await?;
			ctx.done("funded", &included);
		},
	}
	Ok(())
}

async fn did(ctx: &Context_, command: &DidCommand) -> Result<()> {
	if let DidCommand::Show { did: Some(did) } = command {
		let chain = ctx.chain().await?;
		return show_did(ctx, &chain, did).await;
	}
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	let wait = ctx.wait();
	match command {
		DidCommand::Create { devices } => {
			let included = manage::create_did(&chain, &identity, *devices, wait).await?;
			ctx.done(&format!("created {}", identity.did()), &included);
		},
		DidCommand::Show { .. } => show_did(ctx, &chain, &identity.did()).await?,
		DidCommand::Rotate { role } => {
			let role = match role {
				Role::Authentication => KeyRelationship::Authentication,
				Role::Assertion => KeyRelationship::AssertionMethod,
			};
			let (generation, included) = manage::rotate(&chain, &identity, role, wait).await?;
			ctx.done(&format!("rotated {role:?} to generation {generation}"), &included);
		},
		DidCommand::AddDevice { index } => {
			let included = manage::add_device(&chain, &identity, *index, wait).await?;
			ctx.done(&format!("added device {index}"), &included);
		},
		DidCommand::Deactivate => {
			let included = manage::deactivate(&chain, &identity, wait).await?;
			ctx.done("deactivated", &included);
		},
		DidCommand::Recovery(command) => recovery(ctx, &chain, &identity, command).await?,
		DidCommand::Adopt { did, keep_devices } => {
			let mut identity = identity;
			let adoption = manage::adopt(&chain, &mut identity, *did, *keep_devices, wait).await?;
			keystore::save_adopted(&ctx.keystore_path()?, did)?;
			ctx.print(
				json!({
					"adopted": did.to_string(),
					"assertionGeneration": adoption.assertion_generation,
					"addedDevice": adoption.added_device,
					"revokedDevices": adoption.revoked_devices,
					"revokedDelegation": adoption.revoked_delegation,
					"controllers": adoption.controllers.iter().map(ToString::to_string).collect::<Vec<_>>(),
				}),
				|| {
					let controllers = if adoption.controllers.is_empty() {
						String::new()
					} else {
						let list: Vec<_> =
							adoption.controllers.iter().map(ToString::to_string).collect();
						format!(
							"; check its controllers, which can act for it: {}",
							list.join(", ")
						)
					};
					format!(
						"this keystore acts for {did}: assertion key generation {}, device 0 \
						 {}, {} other device key(s) revoked{controllers}",
						adoption.assertion_generation,
						if adoption.added_device { "added" } else { "already listed" },
						adoption.revoked_devices
					)
				},
			);
		},
	}
	Ok(())
}

async fn recovery(
	ctx: &Context_,
	chain: &Chain,
	identity: &Identity,
	command: &RecoveryCommand,
) -> Result<()> {
	let wait = ctx.wait();
	let (what, included) = match command {
		RecoveryCommand::Set { guardians, threshold, delay } => {
			let config = Some((guardians.clone(), *threshold, *delay));
			("guardians set", manage::set_recovery(chain, identity, config, wait).await?)
		},
		RecoveryCommand::Clear => {
			("guardians cleared", manage::set_recovery(chain, identity, None, wait).await?)
		},
		RecoveryCommand::Initiate { did, key } => (
			"recovery proposed",
			manage::initiate_recovery(chain, identity, *did, key.clone(), wait).await?,
		),
		RecoveryCommand::Approve { did, key } => (
			"recovery approved",
			manage::approve_recovery(chain, identity, *did, key.clone(), wait).await?,
		),
		RecoveryCommand::Cancel => {
			("recovery cancelled", manage::cancel_recovery(chain, identity, wait).await?)
		},
		RecoveryCommand::Complete { did } => (
			"recovery completed",
			manage::complete_recovery(chain, &identity.account, *did, wait).await?,
		),
	};
	ctx.done(what, &included);
	Ok(())
}

async fn show_did(ctx: &Context_, chain: &Chain, did: &DidId) -> Result<()> {
	let resolution = chain.resolve_document(did).await?;
	if ctx.cli.json {
		println!("{resolution}");
	} else {
		println!("{}", serde_json::to_string_pretty(&resolution)?);
	}
	if resolution["didResolutionMetadata"]["error"] == "notFound" {
		bail!("{did} is not on this chain");
	}
	Ok(())
}

async fn consent(ctx: &Context_, command: &ConsentCommand) -> Result<()> {
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	let wait = ctx.wait();
	let expiry = |args: &GrantArgs| args.until_block.map(Expiry::AtBlock);
	let included = match command {
		ConsentCommand::Grant(args) => {
			manage::grant(
				&chain,
				&identity,
				args.did,
				args.scope,
				expiry(args),
				&args.receipt,
				wait,
			)
			.await?
		},
		ConsentCommand::Accept(args) => {
			manage::accept(
				&chain,
				&identity,
				args.did,
				args.scope,
				expiry(args),
				&args.receipt,
				wait,
			)
			.await?
		},
		ConsentCommand::Revoke { grantee, scope } => {
			manage::revoke(&chain, &identity, *grantee, *scope, wait).await?
		},
		ConsentCommand::Request { recipient, scope, note } => {
			manage::request(&chain, &identity, *recipient, *scope, note, wait).await?
		},
	};
	let what = match command {
		ConsentCommand::Grant(_) => "granted",
		ConsentCommand::Accept(_) => "accepted",
		ConsentCommand::Revoke { .. } => "revoked",
		ConsentCommand::Request { .. } => "requested",
	};
	ctx.done(what, &included);
	Ok(())
}

async fn policy(ctx: &Context_, command: &PolicyCommand) -> Result<()> {
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	let included = match command {
		PolicyCommand::Set { mode, max_per_sender, max_payload_size, retention } => {
			let mode = match mode {
				Mode::Open => InboxMode::Open,
				Mode::ConsentRequired => InboxMode::ConsentRequired,
				Mode::Closed => InboxMode::Closed,
			};
			let policy = InboxPolicy {
				mode,
				max_per_sender: *max_per_sender,
				max_payload_size: *max_payload_size,
				retention: *retention,
			};
			manage::set_inbox_policy(&chain, &identity, policy, ctx.wait()).await?
		},
		PolicyCommand::Allowance { count, bytes, posting: true } => {
			let posting = &identity.posting;
			manage::set_own_store_allowance(&chain, posting, *count, *bytes, ctx.wait()).await?
		},
		PolicyCommand::Allowance { count, bytes, posting: false } => {
			manage::set_store_allowance(&chain, &identity, *count, *bytes, ctx.wait()).await?
		},
	};
	ctx.done("policy set", &included);
	Ok(())
}

async fn send(ctx: &Context_, args: &SendArgs) -> Result<()> {
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	let messenger = Messenger::new(&chain, &identity)
		.await?
		.with_posted_logs(&ctx.journal("posted")?, &ctx.journal("posted-private")?)?;
	let conversation =
		args.conversation.unwrap_or_else(|| default_conversation(&identity.did(), &args.to));
	let outgoing = |body: Vec<u8>| Outgoing { recipient: args.to, conversation, body };
	let messages: Vec<Outgoing> = match (&args.batch, &args.text, &args.file) {
		(Some(batch), ..) => {
			let text = if batch.as_os_str() == "-" {
				std::io::read_to_string(std::io::stdin())?
			} else {
				std::fs::read_to_string(batch)
					.with_context(|| format!("read {}", batch.display()))?
			};
			let lines: Vec<Outgoing> = text
				.lines()
				.filter(|l| !l.is_empty())
				.map(|l| outgoing(l.as_bytes().to_vec()))
				.collect();
			if lines.is_empty() {
				bail!("the batch has no messages");
			}
			lines
		},
		(None, Some(text), _) => vec![outgoing(text.as_bytes().to_vec()); args.repeat.max(1)],
		(None, None, Some(file)) => {
			let body = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
			vec![outgoing(body); args.repeat.max(1)]
		},
		(None, None, None) => bail!("nothing to send: give a text, --file or --batch"),
	};
	let total = messages.len();
	if !args.public {
		return send_sealed(ctx, &messenger, &messages).await;
	}
	if args.batch.is_some() {
		let sent =
			messenger.send_batch(&messages, |done| ctx.progress("stored", done, total)).await?;
		let Via::Batch(batch_id) = sent[0].via else { unreachable!("sent in a batch") };
		let finalized = match ctx.wait() {
			Wait::Finalized => Some(messenger.finalize(&sent[..1]).await.remove(0)?),
			Wait::InBlock => None,
		};
		ctx.print(
			json!({
				"batch": batch_id,
				"block": sent[0].included.block_number,
				"final": finalized,
				"envelopes": sent.iter().map(|s| s.envelope).collect::<Vec<_>>(),
			}),
			|| {
				format!(
					"{total} messages committed in batch {:?} at block #{}{}",
					batch_id,
					sent[0].included.block_number,
					finalized.map_or(String::new(), |block| format!(", final in #{block}"))
				)
			},
		);
		return Ok(());
	}
	let mut results =
		messenger.send_many(&messages, |done| ctx.progress("sent", done, total)).await;
	// Reported in their real state: stored and committed in a block, then final (unless
	// `--no-finality`), or lost to a reorg.
	let mut finalized = vec![None; results.len()];
	if ctx.wait() == Wait::Finalized {
		let (indices, sends): (Vec<usize>, Vec<Sent>) = results
			.iter()
			.enumerate()
			.filter_map(|(index, result)| Some((index, result.as_ref().ok()?.clone())))
			.unzip();
		for (index, outcome) in indices.into_iter().zip(messenger.finalize(&sends).await) {
			match outcome {
				Ok(block) => finalized[index] = Some(block),
				Err(error) => results[index] = Err(error),
			}
		}
	}
	let mut failed = 0;
	let mut full = None;
	for (result, finalized) in results.iter().zip(finalized) {
		match result {
			Ok(sent) => ctx.print(
				json!({
					"envelope": sent.envelope,
					"statement": H256(sent.statement),
					"block": sent.included.block_number,
					"final": finalized,
				}),
				|| {
					let state =
						finalized.map_or(String::new(), |block| format!(", final in #{block}"));
					format!(
						"sent envelope {:?} (block #{}{state})",
						sent.envelope, sent.included.block_number
					)
				},
			),
			Err(error) => {
				failed += 1;
				if let SendError::AllowanceFull(refusal) = error {
					full = Some(refusal.clone());
				}
				ctx.print(json!({ "error": error.to_string() }), || format!("not sent: {error}"));
			},
		}
	}
	if let Some(refusal) = full {
		return Err(anyhow::Error::new(refusal)
			.context(format!("{failed} of {total} messages were not sent")));
	}
	if failed > 0 {
		bail!("{failed} of {total} messages were not sent");
	}
	Ok(())
}

/// Sends `messages` in private mode, under one sealed commitment, and reports each in
/// its real state: stored and committed in a block, then final (unless
/// `--no-finality`), or lost to a reorg.
async fn send_sealed(
	ctx: &Context_,
	messenger: &Messenger<'_>,
	messages: &[Outgoing],
) -> Result<()> {
	let total = messages.len();
	let sent =
		match messenger.send_sealed(messages, |done| ctx.progress("stored", done, total)).await {
			Ok(sent) => sent,
			Err(error) => {
				ctx.print(json!({ "error": error.to_string() }), || format!("not sent: {error}"));
				return Err(error.into());
			},
		};
	let finalized = match ctx.wait() {
		Wait::Finalized => Some(messenger.finalize(&sent[..1]).await.remove(0)?),
		Wait::InBlock => None,
	};
	for one in &sent {
		let Via::Sealed(root) = one.via else { unreachable!("sent sealed") };
		ctx.print(
			json!({
				"envelope": one.envelope,
				"sealed": root,
				"statement": H256(one.statement),
				"block": one.included.block_number,
				"final": finalized,
			}),
			|| {
				let state = finalized.map_or(String::new(), |block| format!(", final in #{block}"));
				format!(
					"sent sealed message {:?} (root {root:?}, block #{}{state})",
					one.envelope, one.included.block_number
				)
			},
		);
	}
	Ok(())
}

async fn inbox(ctx: &Context_, args: &InboxArgs) -> Result<()> {
	let identity = ctx.identity()?;
	let chain = ctx.chain().await?;
	let messenger = Messenger::new(&chain, &identity).await?;
	let options = ReceiveOptions {
		from: args.from.clone(),
		expect: args.expect,
		idle: Duration::from_secs(args.idle),
		deadline: Duration::from_secs(args.deadline),
		acknowledge: args.ack.map(Into::into),
		received: Some(ctx.journal("received")?),
		prove_within: args.prove_within.map(Duration::from_secs),
		..Default::default()
	};
	let mut counts = BTreeMap::<&str, usize>::new();
	let mut on_screen = std::collections::HashSet::new();
	messenger
		.receive(&options, |outcome| {
			let first = match outcome {
				Outcome::Unconfirmed { envelope, .. }
				| Outcome::Committed { envelope, .. }
				| Outcome::Accepted { envelope, .. } => on_screen.insert(*envelope),
				_ => true,
			};
			let (state, line, text) = inbox_line(outcome, first);
			if outcome.is_decided() {
				*counts.entry(state).or_default() += 1;
			}
			ctx.print(line, || text);
		})
		.await?;
	if !ctx.cli.json {
		let counts: Vec<String> =
			counts.iter().map(|(state, count)| format!("{count} {state}")).collect();
		eprintln!(
			"{}",
			if counts.is_empty() { "nothing received".into() } else { counts.join(", ") }
		);
	}
	Ok(())
}

/// One state change of `inbox`: its state's name, its JSON line (every line names its
/// `state` and carries the message) and its text (the message the `first` time it is
/// shown, then the state it moved to).
fn inbox_line(outcome: &Outcome, first: bool) -> (&'static str, serde_json::Value, String) {
	let message_line =
		|state: &str, envelope: &EnvelopeId, message: &SignedMessage, block: Option<u32>| {
			let message = &message.message;
			let body = String::from_utf8_lossy(&message.body);
			let line = json!({
				"state": state,
				"envelope": envelope,
				"from": message.sender.to_string(),
				"conversation": message.conversation,
				"sentAt": message.sent_at,
				"committedAt": block,
				"body": body,
			});
			let at = block.map_or(String::new(), |block| format!(" (block #{block})"));
			let text = if first {
				format!("[{state}] {}{at}: {body}", message.sender)
			} else {
				format!("[{state}] {envelope:?}{at}")
			};
			(line, text)
		};
	match outcome {
		Outcome::Unconfirmed { envelope, message, .. } => {
			let (line, text) = message_line("unconfirmed", envelope, message, None);
			("unconfirmed", line, text)
		},
		Outcome::Committed { envelope, verified, .. } => {
			let (line, text) =
				message_line("committed", envelope, &verified.message, Some(verified.committed_at));
			("committed", line, text)
		},
		Outcome::Accepted { envelope, verified, receipt, .. } => {
			let (mut line, text) =
				message_line("final", envelope, &verified.message, Some(verified.committed_at));
			line["receipt"] = match receipt {
				None => serde_json::Value::Null,
				Some(Ok(block)) => json!({ "block": block }),
				Some(Err(e)) => json!({ "error": e }),
			};
			let receipt_text = match receipt {
				None => String::new(),
				Some(Ok(block)) => format!(" [acknowledged in #{block}]"),
				Some(Err(e)) => format!(" [not acknowledged: {e}]"),
			};
			("final", line, format!("{text}{receipt_text}"))
		},
		Outcome::Rejected { statement, envelope, sender, reason, shown } => (
			"rejected",
			json!({
				"state": "rejected",
				"statement": H256(*statement),
				"envelope": envelope,
				"from": sender.map(|s| s.to_string()),
				"reason": reason.to_string(),
				"shown": shown,
			}),
			format!(
				"[rejected] {} from {}: {reason}{}",
				envelope.map_or_else(
					|| format!("statement {:?}", H256(*statement)),
					|e| format!("{e:?}")
				),
				sender.map_or("?".into(), |s| s.to_string()),
				if *shown { " (shown above: disregard it)" } else { "" }
			),
		),
		Outcome::Unproven { statement, envelope, sender, shown } => (
			"unproven",
			json!({
				"state": "unproven",
				"statement": H256(*statement),
				"envelope": envelope,
				"from": sender.map(|s| s.to_string()),
				"shown": shown,
			}),
			format!(
				"[unproven] {envelope:?} from {}: no commitment reached a finalized block in \
				 time{}",
				sender.map_or("?".into(), |s| s.to_string()),
				if *shown { " (shown above: do not rely on it)" } else { "" }
			),
		),
		Outcome::Missing { envelope, sender, committed_at } => (
			"missing",
			json!({
				"state": "missing",
				"envelope": envelope,
				"from": sender.to_string(),
				"committedAt": committed_at,
			}),
			format!(
				"[missing] {envelope:?} from {sender} (block #{committed_at}): committed, but no \
				 statement delivered it"
			),
		),
	}
}
