//! Configuration of every pallet in the runtime, one module per concern.

mod consensus;
mod governance;
mod identity;
mod messaging;
mod monetary;
mod system;

pub use identity::{DID_BASE_DEPOSIT, DID_KEY_DEPOSIT, DID_RECOVERY_DEPOSIT, DID_SERVICE_DEPOSIT};
pub use messaging::{
	DefaultPolicyParameters, CONSENT_CONTACT_DEPOSIT, CONSENT_GRANT_DEPOSIT,
	CONSENT_REQUEST_DEPOSIT, POLICY_INBOX_DEPOSIT,
};
pub use system::{RuntimeBlockLength, RuntimeBlockWeights, NORMAL_DISPATCH_RATIO};
