//! The DID pallet's logic, by feature. Each call in `lib.rs` checks its origin and hands
//! over to the `do_*` function of its feature here; a helper lives with the feature it
//! belongs to, and is `pub(crate)` when other features use it too.

mod controllers;
mod create;
mod deactivation;
mod deposits;
mod did_call;
mod keys;
mod lookup;
mod records;
mod recovery;
mod services;
