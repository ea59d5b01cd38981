//! The statement store's RPC, with one guard: on an interface that denies unsafe methods
//! (an external one, by default), a subscription must name topics. A filter that
//! matches every statement (`"any"`, or `matchAll` of no topic) would load the whole
//! store into memory for one caller. This guards the node's resources, not the
//! statements' confidentiality: every peer of the network receives them by gossip.

use futures::FutureExt;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	types::{error::ErrorCode, ErrorObject},
	Extensions, PendingSubscriptionSink,
};
use sc_rpc::{
	statement::{StatementApiServer, StatementStore},
	DenyUnsafe, SubscriptionTaskExecutor,
};
use sp_core::Bytes;
use sp_statement_store::{SubmitResult, TopicFilter};

/// `statement_submit` and `statement_subscribeStatement`, as Substrate serves them,
/// refusing subscriptions to every statement where unsafe methods are denied.
pub struct GuardedStatementStore {
	store: StatementStore,
	executor: SubscriptionTaskExecutor,
}

impl GuardedStatementStore {
	pub fn new(store: StatementStore, executor: SubscriptionTaskExecutor) -> Self {
		Self { store, executor }
	}
}

/// Whether `filter` matches every statement.
pub fn matches_everything(filter: &TopicFilter) -> bool {
	match filter {
		TopicFilter::Any => true,
		TopicFilter::MatchAll(topics) => topics.is_empty(),
		TopicFilter::MatchAny(_) => false,
	}
}

#[async_trait]
impl StatementApiServer for GuardedStatementStore {
	fn submit(&self, encoded: Bytes) -> RpcResult<SubmitResult> {
		self.store.submit(encoded)
	}

	fn subscribe_statement(
		&self,
		pending: PendingSubscriptionSink,
		ext: &Extensions,
		topic_filter: TopicFilter,
	) {
		// The RPC server sets `DenyUnsafe` on every call; without it, deny.
		let unsafe_denied = !matches!(ext.get::<DenyUnsafe>(), Some(DenyUnsafe::No));
		if unsafe_denied && matches_everything(&topic_filter) {
			let refusal = ErrorObject::owned(
				ErrorCode::InvalidParams.code(),
				"a subscription to every statement is refused on this interface: name topics \
				 (matchAll or matchAny)",
				None::<()>,
			);
			self.executor.spawn(
				"statement-store-rpc-refuse",
				Some("rpc"),
				async move { pending.reject(refusal).await }.boxed(),
			);
			return;
		}
		self.store.subscribe_statement(pending, ext, topic_filter)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_statement_store::Topic;

	#[test]
	fn only_filters_naming_a_topic_pass() {
		assert!(matches_everything(&TopicFilter::Any));
		assert!(matches_everything(&TopicFilter::MatchAll(Default::default())));
		let one = vec![Topic([1; 32])].try_into().unwrap();
		assert!(!matches_everything(&TopicFilter::MatchAll(one)));
		let one = vec![Topic([1; 32])].try_into().unwrap();
		assert!(!matches_everything(&TopicFilter::MatchAny(one)));
		assert!(!matches_everything(&TopicFilter::MatchAny(Default::default())), "matches none");
	}
}
