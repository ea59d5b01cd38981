//! Unit tests of the DID pallet, split by feature. Every rejection asserts its named
//! error and that storage is unchanged (`assert_noop!` compares the state root).

mod authorized_calls;
mod create;
mod deactivation;
mod deposits;
mod keys;
mod live_summary;
mod recovery;
mod services_and_controllers;
