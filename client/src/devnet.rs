//! A local two-validator network of real `missive-node` processes on loopback (the
//! `local` chain's Alice and Bob, and full nodes beside them), or a single development
//! node, for the end-to-end tests and the load harness. Each node has its own base path,
//! ports and log; all are killed and removed when the [`Devnet`] is dropped.

use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use crate::chain::{Chain, ChainError};

/// Fixed network keys, so that the validators' peer ids are stable across restarts.
const NODE_KEYS: [(&str, &str); 2] = [
	("alice", "0000000000000000000000000000000000000000000000000000000000000a11"),
	("bob", "0000000000000000000000000000000000000000000000000000000000000b0b"),
];

/// How long a node may take to answer RPC or reach a block (a debug build on a loaded
/// 2-core machine compiles the runtime before its first block).
pub const PATIENCE: Duration = Duration::from_secs(300);

/// The node binary: `MISSIVE_NODE`, else `missive-node` in the cargo profile directory
/// the running test or example was built into.
pub fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("MISSIVE_NODE") {
		return PathBuf::from(path);
	}
	let exe = std::env::current_exe().expect("the running executable's path");
	// target/<profile>/{deps,examples}/<exe> → target/<profile>/missive-node
	exe.parent()
		.and_then(Path::parent)
		.map(|profile| profile.join("missive-node"))
		.expect("the executable is inside a cargo target directory")
}

/// The chain the network runs: `MISSIVE_CHAIN_SPEC` (a chain spec file, e.g. one with
/// the production runtime for a node built with `runtime-benchmarks`), else the node's
/// own `local` chain.
fn chain() -> String {
	std::env::var("MISSIVE_CHAIN_SPEC").unwrap_or_else(|_| "local".to_owned())
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").expect("bind loopback").local_addr().unwrap().port()
}

/// One validator process.
pub struct DevnetNode {
	pub name: &'static str,
	child: Child,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub log: PathBuf,
}

impl DevnetNode {
	/// The node's process id.
	pub fn pid(&self) -> u32 {
		self.child.id()
	}

	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The last lines of the node's log.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	/// Connects to the node, waiting for its RPC server.
	pub async fn connect(&mut self) -> Result<Chain, ChainError> {
		let deadline = Instant::now() + PATIENCE;
		loop {
			match Chain::connect(&self.url()).await {
				Ok(chain) => return Ok(chain),
				Err(e) if Instant::now() > deadline => return Err(e),
				Err(e) => {
					if let Ok(Some(status)) = self.child.try_wait() {
						return Err(ChainError::Unexpected(format!(
							"{} exited with {status} ({e}):\n{}",
							self.name,
							self.log_tail()
						)));
					}
					tokio::time::sleep(Duration::from_millis(250)).await
				},
			}
		}
	}
}

/// Alice's and Bob's validators, peered.
pub struct Devnet {
	pub nodes: Vec<DevnetNode>,
	dir: PathBuf,
}

impl Devnet {
	/// Starts Alice's validator, then Bob's with Alice as its boot node; data and logs
	/// go under a fresh directory in `parent`.
	pub async fn start(parent: &Path) -> Result<Self, ChainError> {
		let mut devnet = Self::empty(parent)?;
		for (name, node_key) in NODE_KEYS {
			let mut args = vec!["--chain".to_owned(), chain(), format!("--{name}")];
			args.extend(["--node-key".to_owned(), node_key.to_owned()]);
			if !devnet.nodes.is_empty() {
				args.extend(["--bootnodes".to_owned(), devnet.bootnode().await?]);
			}
			let node = devnet.spawn(name, &args)?;
			devnet.nodes.push(node);
		}
		Ok(devnet)
	}

	/// Starts a node that authors nothing, peered with the validators: what anyone may
	/// run to watch the chain and the statement store (or serve its users' clients).
	pub async fn add_full_node(
		&mut self,
		name: &'static str,
	) -> Result<&mut DevnetNode, ChainError> {
		let args = ["--chain".to_owned(), chain(), "--bootnodes".into(), self.bootnode().await?];
		let node = self.spawn(name, &args)?;
		self.nodes.push(node);
		Ok(self.nodes.last_mut().expect("just pushed"))
	}

	/// The first node's address, to boot from.
	async fn bootnode(&mut self) -> Result<String, ChainError> {
		let first =
			self.nodes.first_mut().ok_or_else(|| ChainError::Unexpected("no node".into()))?;
		let chain = first.connect().await?;
		let peer_id: String = chain.rpc("system_localPeerId", jsonrpsee::rpc_params![]).await?;
		Ok(format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", first.p2p_port))
	}

	/// No node yet; a fresh directory for their data and logs.
	fn empty(parent: &Path) -> Result<Self, ChainError> {
		let dir = parent.join(format!("missive-devnet-{}-{}", std::process::id(), free_port()));
		std::fs::create_dir_all(&dir).map_err(|e| ChainError::Unexpected(e.to_string()))?;
		Ok(Self { nodes: Vec::new(), dir })
	}

	/// A single-node development chain (`--dev`: Alice authors and finalizes alone).
	pub async fn start_dev(parent: &Path) -> Result<Self, ChainError> {
		let mut devnet = Self::empty(parent)?;
		let node = devnet.spawn("dev", &["--dev".to_owned()])?;
		devnet.nodes.push(node);
		Ok(devnet)
	}

	fn spawn(&self, name: &'static str, args: &[String]) -> Result<DevnetNode, ChainError> {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let base = self.dir.join(name);
		let log = self.dir.join(format!("{name}.log"));
		let log_file = File::create(&log).map_err(|e| ChainError::Unexpected(e.to_string()))?;
		let mut command = Command::new(node_binary());
		command
			.args(args)
			.arg("--base-path")
			.arg(&base)
			.args(["--rpc-port", &rpc_port.to_string(), "--port", &p2p_port.to_string()])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			// Many in-flight transactions and subscriptions from one client.
			.args(["--rpc-max-subscriptions-per-connection", "4096"]);
		let child = command
			.stdin(Stdio::null())
			.stdout(log_file.try_clone().map_err(|e| ChainError::Unexpected(e.to_string()))?)
			.stderr(log_file)
			.spawn()
			.map_err(|e| {
				ChainError::Unexpected(format!("start {}: {e}", node_binary().display()))
			})?;
		Ok(DevnetNode { name, child, rpc_port, p2p_port, log })
	}

	/// Where the nodes' data and logs are.
	pub fn dir(&self) -> &Path {
		&self.dir
	}
}

impl Drop for Devnet {
	fn drop(&mut self) {
		for node in &mut self.nodes {
			let _ = node.child.kill();
			let _ = node.child.wait();
		}
		if !std::thread::panicking() {
			let _ = std::fs::remove_dir_all(&self.dir);
		}
	}
}

/// Waits until `chain`'s finalized head is at least `number`.
pub async fn wait_finalized(chain: &Chain, number: u32) -> Result<u32, ChainError> {
	let deadline = Instant::now() + PATIENCE;
	loop {
		let (finalized, _) = chain.finalized().await?;
		if finalized >= number {
			return Ok(finalized);
		}
		if Instant::now() > deadline {
			return Err(ChainError::Unexpected(format!(
				"{}: finality stuck at #{finalized}, waiting for #{number}",
				chain.url()
			)));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}
