//! Runs `missive-node` as a real process on free loopback ports and talks to it over
//! JSON-RPC, as a user's tooling would.

use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	sync::Mutex,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use missive_node::extrinsic::{sign, SigningContext};
use missive_primitives::did::{
	DidAuthorizedCall, DidCreation, DidId, DidSignature, DidVerificationKey,
};
use missive_runtime::{AccountId, Balance, BlockNumber, Hash, Header, Nonce, RuntimeCall};
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

/// How long a node may take to reach a state a test waits for. Generous: a debug
/// build on a loaded 2-core machine compiles the runtime before its first block.
pub const PATIENCE: Duration = Duration::from_secs(300);

/// A port on loopback that nothing listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("bind loopback").local_addr().unwrap().port()
}

/// A running node, killed if the test ends without stopping it.
pub struct Node {
	pub name: String,
	child: Mutex<Option<Child>>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub log: PathBuf,
}

impl Node {
	/// Starts the node binary with `args` plus ports of its own and no telemetry or mDNS
	/// (so concurrently running test nodes never discover each other).
	pub fn start(name: &str, log_dir: &Path, args: &[&str]) -> Node {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let log = log_dir.join(format!("{name}-{rpc_port}.log"));
		let log_file = File::create(&log).expect("create log file");
		let child = Command::new(env!("CARGO_BIN_EXE_missive-node"))
			.args(args)
			.args([
				"--rpc-port",
				&rpc_port.to_string(),
				"--port",
				&p2p_port.to_string(),
				"--no-prometheus",
				"--no-telemetry",
				"--no-mdns",
			])
			.stdin(Stdio::null())
			.stdout(log_file.try_clone().unwrap())
			.stderr(log_file)
			.spawn()
			.expect("spawn missive-node");
		Node { name: name.into(), child: Mutex::new(Some(child)), rpc_port, p2p_port, log }
	}

	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	fn pid(&self) -> u32 {
		self.child.lock().unwrap().as_ref().expect("node is running").id()
	}

	/// Panics with the log's tail if the process has exited.
	fn assert_running(&self) {
		let mut child = self.child.lock().unwrap();
		if let Some(status) = child.as_mut().and_then(|c| c.try_wait().expect("wait on node")) {
			panic!("{} exited with {status}:\n{}", self.name, self.tail());
		}
	}

	/// Sends SIGINT, as Ctrl-C does, and waits for the process to exit.
	pub fn interrupt(&mut self) -> ExitStatus {
		let status = Command::new("kill")
			.args(["-INT", &self.pid().to_string()])
			.status()
			.expect("run kill");
		assert!(status.success(), "kill -INT failed");
		self.wait_exit()
	}

	/// Sends SIGKILL and reaps the process.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.lock().unwrap().take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	fn wait_exit(&mut self) -> ExitStatus {
		let mut child = self.child.lock().unwrap().take().expect("node is running");
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().expect("wait on node") {
				return status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				panic!("{} did not exit within 60 s of SIGINT; log: {}", self.name, self.tail());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
	}

	/// The end of the node's log, for failure messages.
	pub fn tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// Connects to the node's RPC server, waiting for it to come up.
	pub async fn client(&self) -> Rpc {
		let deadline = Instant::now() + PATIENCE;
		loop {
			match WsClientBuilder::default()
				.request_timeout(Duration::from_secs(60))
				.build(self.ws_url())
				.await
			{
				Ok(client) => return Rpc { client, node: self.name.clone() },
				Err(e) if Instant::now() > deadline => {
					panic!("{}: RPC never came up: {e}\n{}", self.name, self.tail())
				},
				Err(_) => {
					self.assert_running();
					tokio::time::sleep(Duration::from_millis(250)).await
				},
			}
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

/// A JSON-RPC connection to one node.
pub struct Rpc {
	pub client: WsClient,
	pub node: String,
}

impl Rpc {
	/// Calls `method`; the node's error, if it answers with one.
	pub async fn raw_call(
		&self,
		method: &str,
		params: jsonrpsee::core::params::ArrayParams,
	) -> Result<Value, jsonrpsee::core::client::Error> {
		self.client.request(method, params).await
	}

	pub async fn call(&self, method: &str, params: jsonrpsee::core::params::ArrayParams) -> Value {
		self.client
			.request(method, params)
			.await
			.unwrap_or_else(|e| panic!("{}: {method} failed: {e}", self.node))
	}

	pub async fn finalized_number(&self) -> BlockNumber {
		let hash = self.call("chain_getFinalizedHead", rpc_params![]).await;
		let header = self.call("chain_getHeader", rpc_params![hash]).await;
		block_number(&header)
	}

	pub async fn best_number(&self) -> BlockNumber {
		let header = self.call("chain_getHeader", rpc_params![]).await;
		block_number(&header)
	}

	pub async fn block_hash(&self, number: BlockNumber) -> Option<Hash> {
		let hash = self.call("chain_getBlockHash", rpc_params![number]).await;
		hash.as_str().map(decode_hex)
	}

	/// The header of block `hash`.
	pub async fn header(&self, hash: Hash) -> Header {
		serde_json::from_value(self.call("chain_getHeader", rpc_params![encode_hex(hash)]).await)
			.expect("a header")
	}

	pub async fn genesis_hash(&self) -> Hash {
		self.block_hash(0).await.expect("genesis exists")
	}

	/// Waits until the finalized head is at least `number`; returns it.
	pub async fn wait_finalized(&self, number: BlockNumber) -> BlockNumber {
		self.wait_until(&format!("finalized block >= {number}"), || async {
			let finalized = self.finalized_number().await;
			(finalized >= number).then_some(finalized)
		})
		.await
	}

	/// Polls `probe` once a second until it returns a value, for at most [`PATIENCE`].
	pub async fn wait_until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
	where
		F: FnMut() -> Fut,
		Fut: std::future::Future<Output = Option<T>>,
	{
		let deadline = Instant::now() + PATIENCE;
		loop {
			if let Some(value) = probe().await {
				return value;
			}
			assert!(Instant::now() < deadline, "{}: timed out waiting for {what}", self.node);
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}

	/// Free balance of `who`, read from `System::Account` storage at the best block.
	pub async fn free_balance(&self, who: &AccountId) -> Balance {
		let key = frame_system::Account::<missive_runtime::Runtime>::hashed_key_for(who);
		let best = self.block_hash(self.best_number().await).await.expect("best block");
		self.storage::<frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>>(
			&key, best,
		)
		.await
		.map_or(0, |account| account.data.free)
	}

	/// The value at storage `key` in block `at`'s state, decoded, if there is one.
	pub async fn storage<T: Decode>(&self, key: &[u8], at: Hash) -> Option<T> {
		let value =
			self.call("state_getStorage", rpc_params![encode_hex(key), encode_hex(at)]).await;
		let bytes = hex::decode(value.as_str()?.trim_start_matches("0x")).expect("hex storage");
		Some(T::decode(&mut &bytes[..]).expect("storage value decodes"))
	}

	/// The next nonce of `who`, counting transactions in the pool.
	pub async fn next_nonce(&self, who: &AccountId) -> Nonce {
		let ss58 = sp_core::crypto::Ss58Codec::to_ss58check(who);
		let nonce = self.call("system_accountNextIndex", rpc_params![ss58]).await;
		nonce.as_u64().expect("nonce is a number") as Nonce
	}

	/// Submits an extrinsic; returns its hash.
	pub async fn submit(&self, extrinsic: &impl Encode) -> Hash {
		let hash =
			self.call("author_submitExtrinsic", rpc_params![encode_hex(extrinsic.encode())]).await;
		decode_hex(hash.as_str().expect("hash string"))
	}

	/// What a signature made now commits to: this chain's genesis, the best block and
	/// the versions of the runtime the chain runs at that block.
	pub async fn signing_context(&self) -> SigningContext {
		let best = self.best_number().await;
		let best_hash = self.block_hash(best).await.expect("the best block has a hash");
		let version = self.runtime_version(best_hash).await;
		SigningContext {
			genesis_hash: self.genesis_hash().await,
			checkpoint: (best, best_hash),
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
		}
	}

	/// `state_getRuntimeVersion` at block `at`.
	pub async fn runtime_version(&self, at: Hash) -> sp_version::RuntimeVersion {
		let version = self.call("state_getRuntimeVersion", rpc_params![encode_hex(at)]).await;
		serde_json::from_value(version).expect("a runtime version")
	}

	/// Signs `call` by `signer` with its next nonce, submits it, and waits until the
	/// block that includes it is finalized; returns that block's number.
	pub async fn submit_and_finalize(
		&self,
		call: RuntimeCall,
		signer: &sr25519::Pair,
	) -> BlockNumber {
		let context = self.signing_context().await;
		let nonce = self.next_nonce(&signer.public().into()).await;
		let extrinsic = sign(call, signer, nonce, context);
		self.submit(&extrinsic).await;
		let included = self.wait_included(&extrinsic, context.checkpoint.0).await;
		self.wait_finalized(included).await;
		included
	}

	/// Waits for `extrinsic` to be in a block numbered `from` or later; returns its number.
	pub async fn wait_included(&self, extrinsic: &impl Encode, from: BlockNumber) -> BlockNumber {
		let wanted = encode_hex(extrinsic.encode());
		let wanted = wanted.as_str();
		self.wait_until("the extrinsic in a block", || self.find_extrinsic(wanted, from)).await
	}

	async fn find_extrinsic(&self, wanted: &str, from: BlockNumber) -> Option<BlockNumber> {
		let best = self.best_number().await;
		for number in from..=best {
			let hash = self.block_hash(number).await?;
			let block = self.call("chain_getBlock", rpc_params![encode_hex(hash)]).await;
			let extrinsics = block["block"]["extrinsics"].as_array()?;
			if extrinsics.iter().any(|x| x.as_str() == Some(wanted)) {
				return Some(number);
			}
		}
		None
	}
}

pub fn block_number(header: &Value) -> BlockNumber {
	let hex = header["number"].as_str().expect("header has a number");
	BlockNumber::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex block number")
}

pub fn encode_hex(bytes: impl AsRef<[u8]>) -> String {
	format!("0x{}", hex::encode(bytes))
}

pub fn decode_hex(text: &str) -> Hash {
	let bytes = hex::decode(text.trim_start_matches("0x")).expect("hex");
	Hash::from_slice(&bytes)
}

/// `call` as `did` authorizes it with `key` (nonce `nonce`), valid for the next 20
/// blocks, to be submitted by Alice's account.
pub async fn did_call(
	rpc: &Rpc,
	did: DidId,
	key: &sr25519::Pair,
	nonce: u64,
	call: RuntimeCall,
) -> RuntimeCall {
	let context = rpc.signing_context().await;
	let best = context.checkpoint.0;
	let operation: DidAuthorizedCall<RuntimeCall, AccountId, BlockNumber> = DidAuthorizedCall {
		did,
		nonce,
		valid_from: best,
		valid_until: best + 20,
		submitter: Sr25519Keyring::Alice.to_account_id(),
		call,
	};
	let payload = operation.signing_payload(&context.genesis_hash, context.transaction_version);
	let signature = DidSignature::Sr25519(key.sign(&payload));
	pallet_did::Call::submit_did_call { call: Box::new(operation), signature }.into()
}

/// Creates a DID with `key` as authentication key (and `assertion` as assertion key,
/// if given), paid by Alice; waits until it is finalized.
pub async fn create_did(
	rpc: &Rpc,
	key: &sr25519::Pair,
	assertion: Option<&sr25519::Pair>,
) -> DidId {
	let authentication = DidVerificationKey::Sr25519(key.public());
	let details = DidCreation {
		did: DidId::from_authentication_key(&authentication),
		submitter: Sr25519Keyring::Alice.to_account_id(),
		authentication,
		assertion: assertion.map(|pair| DidVerificationKey::Sr25519(pair.public())),
		delegation: None,
		key_agreement: Default::default(),
		controllers: Default::default(),
		services: Default::default(),
	};
	let did = details.did;
	let signature =
		DidSignature::Sr25519(key.sign(&details.signing_payload(&rpc.genesis_hash().await)));
	let call = pallet_did::Call::create { details: Box::new(details), signature };
	rpc.submit_and_finalize(call.into(), &Sr25519Keyring::Alice.pair()).await;
	did
}

/// Calls a runtime API through `state_call`, as any client without our RPC can.
pub async fn runtime_call<R: Decode>(rpc: &Rpc, method: &str, args: Vec<u8>, at: Hash) -> R {
	let result =
		rpc.call("state_call", rpc_params![method, encode_hex(args), encode_hex(at)]).await;
	let bytes = hex::decode(result.as_str().unwrap().trim_start_matches("0x")).unwrap();
	R::decode(&mut &bytes[..]).unwrap()
}

/// Checks a storage proof an RPC answer carries (`{blockHash, nodes}`) using only the
/// block's header, which must hash to `blockHash`: returns the header and the proven
/// value (or absence) of each of `keys`.
pub async fn check_state_proof(
	rpc: &Rpc,
	proof: &Value,
	keys: &[Vec<u8>],
) -> (Header, Vec<Option<Vec<u8>>>) {
	let block_hash: Hash = serde_json::from_value(proof["blockHash"].clone()).unwrap();
	let header = rpc.header(block_hash).await;
	assert_eq!(BlakeTwo256::hash(&header.encode()), block_hash, "header matches the block hash");
	let proven = sp_state_machine::read_proof_check::<BlakeTwo256, _>(
		header.state_root,
		sp_trie::StorageProof::new(proof_nodes(proof)),
		keys,
	)
	.expect("the proof matches the state root");
	let values = keys.iter().map(|key| proven[key].clone()).collect();
	(header, values)
}

/// The trie nodes of a proof an RPC answer carries.
pub fn proof_nodes(proof: &Value) -> Vec<Vec<u8>> {
	proof["nodes"]
		.as_array()
		.expect("proof nodes")
		.iter()
		.map(|n| hex::decode(n.as_str().unwrap().trim_start_matches("0x")).unwrap())
		.collect()
}
