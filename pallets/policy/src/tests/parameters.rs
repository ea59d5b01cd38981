use frame_support::{assert_noop, assert_ok};
use missive_primitives::policy::{
	InboxMode, InboxPolicy, PolicyCheck, Violation, MAX_TRACKED_RECIPIENTS,
};
use sp_runtime::DispatchError;

use super::*;
use crate::{Error, Event, Inboxes, Parameters};

fn with(
	change: impl FnOnce(&mut missive_primitives::policy::PolicyParameters<BlockNumber>),
) -> missive_primitives::policy::PolicyParameters<BlockNumber> {
	let mut parameters = DEFAULT_PARAMETERS;
	change(&mut parameters);
	parameters
}

#[test]
fn the_default_parameters_are_in_force_until_governance_sets_others() {
	run(|| {
		assert!(!Parameters::<Test>::exists());
		assert_eq!(Policy::parameters(), DEFAULT_PARAMETERS);
	});
}

#[test]
fn root_sets_the_parameters() {
	run(|| {
		let parameters = with(|p| {
			p.max_per_sender = 50;
			p.default_mode = InboxMode::ConsentRequired;
		});
		assert_ok!(Policy::set_parameters(RuntimeOrigin::root(), parameters.clone()));
		assert_eq!(Policy::parameters(), parameters);
		assert_eq!(Parameters::<Test>::get(), parameters);
		assert!(policy_events().contains(&Event::ParametersSet { parameters }));
	});
}

#[test]
fn anyone_but_root_is_refused() {
	run(|| {
		let parameters = with(|p| p.max_per_sender = 50);
		assert_noop!(
			Policy::set_parameters(RuntimeOrigin::signed(ALICE), parameters.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Policy::set_parameters(RuntimeOrigin::none(), parameters),
			DispatchError::BadOrigin
		);
		assert_eq!(Policy::parameters(), DEFAULT_PARAMETERS);
	});
}

#[test]
fn incoherent_parameters_are_refused_with_their_reason() {
	run(|| {
		let set = |parameters| Policy::set_parameters(RuntimeOrigin::root(), parameters);
		assert_noop!(set(with(|p| p.window = 0)), Error::<Test>::ZeroWindow);
		assert_noop!(set(with(|p| p.max_per_sender = 0)), Error::<Test>::ZeroLimit);
		assert_noop!(set(with(|p| p.max_recipients = 0)), Error::<Test>::ZeroLimit);
		assert_noop!(
			set(with(|p| p.max_recipients = MAX_TRACKED_RECIPIENTS + 1)),
			Error::<Test>::TooManyTrackedRecipients
		);
		assert_noop!(set(with(|p| p.default_retention = 0)), Error::<Test>::InvalidRetention);
		assert_noop!(
			set(with(|p| p.default_retention = MAX_RETENTION + 1)),
			Error::<Test>::InvalidRetention
		);
		// The bounds themselves are accepted.
		assert_ok!(set(with(|p| {
			p.max_recipients = MAX_TRACKED_RECIPIENTS;
			p.default_retention = p.max_retention;
		})));
	});
}

#[test]
fn lower_chain_limits_cap_looser_inbox_policies() {
	run(|| {
		let at_limits = InboxPolicy {
			mode: InboxMode::Open,
			max_per_sender: Some(MAX_PER_PAIR),
			max_payload_size: Some(MAX_PAYLOAD_SIZE),
			retention: Some(MAX_RETENTION),
		};
		set_policy(ALICE, at_limits);
		let lower = with(|p| {
			p.max_per_pair = 1;
			p.max_payload_size = 600;
			p.max_retention = 500;
		});
		assert_ok!(Policy::set_parameters(RuntimeOrigin::root(), lower));

		// The stored policy is untouched; the lower limits apply to it.
		assert_eq!(Inboxes::<Test>::get(did(ALICE)).unwrap().policy, at_limits);
		let effective = Policy::effective_policy(&did(ALICE));
		assert_eq!(
			(effective.max_per_sender, effective.max_payload_size, effective.retention),
			(1, 600, 500)
		);
		assert_eq!(Policy::retention(&to(ALICE)), 500);
		assert_noop!(check(BOB, to(ALICE), 601), Violation::PayloadTooLarge);
		assert_allowed(BOB, to(ALICE), 600);
		assert_ok!(send(BOB, to(ALICE)));
		assert_noop!(check(BOB, to(ALICE), 1), Violation::PairRateLimited);
	});
}

#[test]
fn the_default_mode_applies_to_inboxes_without_a_policy() {
	run(|| {
		assert_ok!(Policy::set_parameters(
			RuntimeOrigin::root(),
			with(|p| p.default_mode = InboxMode::Closed)
		));
		assert_noop!(check(BOB, to(ALICE), 1), Violation::InboxClosed);
		// An inbox that chose to be open stays open.
		set_policy(ALICE, policy(InboxMode::Open));
		assert_allowed(BOB, to(ALICE), 1);
	});
}
