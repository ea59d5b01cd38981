//! A node stopped and started again on the same base path resumes where it was.

use crate::common::Node;

#[tokio::test(flavor = "multi_thread")]
async fn restart_on_same_base_path_keeps_every_block() {
	let logs = tempfile::tempdir().unwrap();
	let base = tempfile::tempdir().unwrap();
	let base_path = base.path().to_str().unwrap();

	let mut node = Node::start("before", logs.path(), &["--dev", "--base-path", base_path]);
	let rpc = node.client().await;
	let finalized = rpc.wait_finalized(3).await;
	let hash_before = rpc.block_hash(finalized).await.expect("finalized block has a hash");
	let genesis_before = rpc.genesis_hash().await;
	drop(rpc);
	let status = node.interrupt();
	assert!(status.success(), "clean exit, got {status}:\n{}", node.tail());

	let node = Node::start("after", logs.path(), &["--dev", "--base-path", base_path]);
	let rpc = node.client().await;
	assert_eq!(rpc.genesis_hash().await, genesis_before, "same chain");
	assert_eq!(rpc.block_hash(finalized).await, Some(hash_before), "block {finalized} is kept");
	assert!(rpc.finalized_number().await >= finalized, "finality is not lost");
	// And the chain goes on from there.
	rpc.wait_finalized(finalized + 2).await;
	assert_eq!(rpc.block_hash(finalized).await, Some(hash_before));
}
