//! Consent: what a DID lets another DID do (contact it, share data with it), for how
//! long, and the receipt that records it. Grants live on chain; the receipts (with any
//! personal data) stay off chain and are committed to by hash.

use alloc::string::String;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{fmt, str::FromStr};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{did::DidId, Deposit};

/// Purpose categories of the Kantara Consent Receipt (v1.1, appendix), for consent to
/// share data. `Custom` names an application's own category by a registered code.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum PurposeCategory {
	CoreFunction,
	ContractedService,
	Delivery,
	ContactRequested,
	PersonalizedExperience,
	Marketing,
	MarketingThirdParties,
	SharingForDelivery,
	SharingForMarketing,
	ThirdPartySharingForCoreFunction,
	ThirdPartySharingForOther,
	LegallyRequired,
	Research,
	Custom(u32),
}

const PURPOSE_NAMES: [(&str, PurposeCategory); 13] = [
	("core-function", PurposeCategory::CoreFunction),
	("contracted-service", PurposeCategory::ContractedService),
	("delivery", PurposeCategory::Delivery),
	("contact-requested", PurposeCategory::ContactRequested),
	("personalized-experience", PurposeCategory::PersonalizedExperience),
	("marketing", PurposeCategory::Marketing),
	("marketing-third-parties", PurposeCategory::MarketingThirdParties),
	("sharing-for-delivery", PurposeCategory::SharingForDelivery),
	("sharing-for-marketing", PurposeCategory::SharingForMarketing),
	("third-party-sharing-for-core-function", PurposeCategory::ThirdPartySharingForCoreFunction),
	("third-party-sharing-for-other", PurposeCategory::ThirdPartySharingForOther),
	("legally-required", PurposeCategory::LegallyRequired),
	("research", PurposeCategory::Research),
];

/// What a grant permits.
///
/// Text form (RPC, CLI): `messaging`, `conversation:0x<32 bytes hex>`,
/// `data:<purpose>` (e.g. `data:delivery`, `data:custom-7`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ConsentScope {
	/// Send any message.
	Messaging,
	/// Send messages in one conversation (or topic) only.
	Conversation(H256),
	/// Receive the grantor's data for one purpose.
	DataSharing(PurposeCategory),
}

impl ConsentScope {
	/// The grant scopes that permit `self`, most specific first: a conversation is
	/// permitted by a grant for it or for all messaging. At most two, so a check is a
	/// constant number of reads.
	pub fn permitted_by(&self) -> impl Iterator<Item = ConsentScope> {
		let broader = match self {
			Self::Conversation(_) => Some(Self::Messaging),
			Self::Messaging | Self::DataSharing(_) => None,
		};
		core::iter::once(*self).chain(broader)
	}

	/// Whether the scope is about being contacted (rather than about data).
	pub fn is_messaging(&self) -> bool {
		matches!(self, Self::Messaging | Self::Conversation(_))
	}
}

impl fmt::Display for ConsentScope {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Messaging => f.write_str("messaging"),
			Self::Conversation(id) => write!(f, "conversation:{id:?}"),
			Self::DataSharing(PurposeCategory::Custom(code)) => write!(f, "data:custom-{code}"),
			Self::DataSharing(purpose) => {
				let name = PURPOSE_NAMES
					.iter()
					.find(|(_, p)| p == purpose)
					.map(|(name, _)| *name)
					.unwrap_or("unknown");
				write!(f, "data:{name}")
			},
		}
	}
}

/// Why a string is not a consent scope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeParseError {
	/// Not `messaging`, `conversation:…` or `data:…`.
	UnknownScope,
	/// The conversation id is not `0x` and 64 hex digits.
	InvalidConversationId,
	/// Not a known purpose category nor `custom-<number>`.
	UnknownPurpose,
}

impl fmt::Display for ScopeParseError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::UnknownScope => "expected `messaging`, `conversation:0x…` or `data:<purpose>`",
			Self::InvalidConversationId => "conversation id must be 0x and 64 hex digits",
			Self::UnknownPurpose => "unknown purpose category",
		})
	}
}

#[cfg(feature = "std")]
impl std::error::Error for ScopeParseError {}

/// `0x` and 64 lower-case hex digits, as a scope prints it: nothing else, so that a
/// scope has one text form (`from_str_radix` alone would take `+f` or `AB`).
fn parse_h256(text: &str) -> Option<H256> {
	let hex = text.strip_prefix("0x")?.as_bytes();
	if hex.len() != 64 || !hex.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
		return None;
	}
	let digit = |c: u8| if c <= b'9' { c - b'0' } else { c - b'a' + 10 };
	let mut bytes = [0u8; 32];
	for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
		*byte = digit(pair[0]) << 4 | digit(pair[1]);
	}
	Some(H256(bytes))
}

/// A custom purpose code as a scope prints it: decimal digits, no sign, no leading zero.
fn parse_custom_code(text: &str) -> Option<u32> {
	let canonical = text.bytes().all(|c| c.is_ascii_digit())
		&& !text.is_empty()
		&& (text == "0" || !text.starts_with('0'));
	canonical.then(|| text.parse().ok()).flatten()
}

impl FromStr for ConsentScope {
	type Err = ScopeParseError;

	fn from_str(text: &str) -> Result<Self, Self::Err> {
		if text == "messaging" {
			return Ok(Self::Messaging);
		}
		if let Some(id) = text.strip_prefix("conversation:") {
			return parse_h256(id)
				.map(Self::Conversation)
				.ok_or(ScopeParseError::InvalidConversationId);
		}
		let purpose = text.strip_prefix("data:").ok_or(ScopeParseError::UnknownScope)?;
		if let Some(code) = purpose.strip_prefix("custom-") {
			return parse_custom_code(code)
				.map(|code| Self::DataSharing(PurposeCategory::Custom(code)))
				.ok_or(ScopeParseError::UnknownPurpose);
		}
		PURPOSE_NAMES
			.iter()
			.find(|(name, _)| *name == purpose)
			.map(|(_, p)| Self::DataSharing(*p))
			.ok_or(ScopeParseError::UnknownPurpose)
	}
}

impl ConsentScope {
	/// The text form.
	pub fn to_scope_string(&self) -> String {
		alloc::format!("{self}")
	}
}

/// When a grant stops being valid: at a block, or at a time (Unix milliseconds, as
/// the timestamp pallet keeps it). A grant is valid strictly before its expiry.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Expiry<BlockNumber> {
	AtBlock(BlockNumber),
	AtTime(u64),
}

impl<BlockNumber: PartialOrd> Expiry<BlockNumber> {
	/// Whether the expiry has passed at block `now` with timestamp `now_ms`.
	pub fn has_passed(&self, now: &BlockNumber, now_ms: u64) -> bool {
		match self {
			Self::AtBlock(block) => now >= block,
			Self::AtTime(ms) => now_ms >= *ms,
		}
	}
}

/// A grant of consent from one DID to another, for one scope.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Grant<AccountId, Balance, BlockNumber> {
	/// The block the grant was (last) made in.
	pub granted_at: BlockNumber,
	/// `None`: valid until revoked.
	pub expiry: Option<Expiry<BlockNumber>>,
	/// Hash of the off-chain consent receipt (Kantara fields: jurisdiction, policy URL,
	/// purposes, PII categories…), which the grantor keeps and may show to prove what
	/// was consented to.
	pub receipt_hash: H256,
	pub deposit: Deposit<AccountId, Balance>,
}

impl<AccountId, Balance, BlockNumber: PartialOrd> Grant<AccountId, Balance, BlockNumber> {
	/// Whether the grant is in force at block `now` with timestamp `now_ms`.
	pub fn is_valid_at(&self, now: &BlockNumber, now_ms: u64) -> bool {
		self.expiry.as_ref().is_none_or(|expiry| !expiry.has_passed(now, now_ms))
	}
}

/// A request, from a DID that wants consent, to the DID whose consent it wants.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ConsentRequest<AccountId, Balance, BlockNumber> {
	pub scope: ConsentScope,
	/// Hash of an off-chain note (who is asking and why), kept off chain.
	pub note_hash: H256,
	pub filed_at: BlockNumber,
	/// The first block in which the request can no longer be accepted.
	pub expires_at: BlockNumber,
	/// Held from the requester: returned on accept, cancel or expiry; burned if the
	/// recipient rejects the request as spam.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A DID's standing decision about another DID, above any grant.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ContactStatus {
	/// May message the DID without a grant (the DID's allow list).
	Allowed,
	/// May do nothing, whatever it was granted (the DID's deny list).
	Denied,
}

/// An entry of a DID's allow or deny list.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ContactEntry<AccountId, Balance> {
	pub status: ContactStatus,
	pub deposit: Deposit<AccountId, Balance>,
}

/// The answer to "may `grantee` do `scope` with `grantor`?".
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ConsentState {
	/// A grant in force covers the scope.
	Granted,
	/// The grantee is on the grantor's allow list (messaging scopes only).
	Allowed,
	/// The grantee is on the grantor's deny list: this overrides every grant.
	Denied,
	/// A grant covers the scope but has expired.
	Expired,
	/// Nothing covers the scope.
	Absent,
}

impl ConsentState {
	/// Whether the answer permits the action.
	pub fn is_permitted(&self) -> bool {
		matches!(self, Self::Granted | Self::Allowed)
	}
}

/// What other pallets (policy, envelope) may ask about consent without depending on
/// the consent pallet.
pub trait ConsentCheck {
	/// Whether `grantee` may do `scope` with `grantor` now. A constant number of reads.
	fn consent(grantor: &DidId, grantee: &DidId, scope: &ConsentScope) -> ConsentState;
}

/// No consent is ever recorded: every check answers [`ConsentState::Absent`].
impl ConsentCheck for () {
	fn consent(_: &DidId, _: &DidId, _: &ConsentScope) -> ConsentState {
		ConsentState::Absent
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn scopes_round_trip_through_text() {
		let scopes = [
			ConsentScope::Messaging,
			ConsentScope::Conversation(H256::repeat_byte(0xab)),
			ConsentScope::DataSharing(PurposeCategory::Delivery),
			ConsentScope::DataSharing(PurposeCategory::ThirdPartySharingForOther),
			ConsentScope::DataSharing(PurposeCategory::Custom(7)),
		];
		for scope in scopes {
			assert_eq!(scope.to_scope_string().parse::<ConsentScope>(), Ok(scope), "{scope}");
		}
		for (_, purpose) in PURPOSE_NAMES {
			let scope = ConsentScope::DataSharing(purpose);
			assert_eq!(scope.to_scope_string().parse::<ConsentScope>(), Ok(scope));
		}
	}

	#[test]
	fn malformed_scopes_are_refused_with_their_reason() {
		assert_eq!("everything".parse::<ConsentScope>(), Err(ScopeParseError::UnknownScope));
		assert_eq!(
			"conversation:0x12".parse::<ConsentScope>(),
			Err(ScopeParseError::InvalidConversationId)
		);
		assert_eq!(
			format!("conversation:0x{}", "zz".repeat(32)).parse::<ConsentScope>(),
			Err(ScopeParseError::InvalidConversationId)
		);
		assert_eq!("data:gossip".parse::<ConsentScope>(), Err(ScopeParseError::UnknownPurpose));
		assert_eq!("data:custom-x".parse::<ConsentScope>(), Err(ScopeParseError::UnknownPurpose));
	}

	#[test]
	fn a_scope_has_one_text_form() {
		// Signs, upper-case digits and leading zeros would give one scope several texts.
		assert_eq!(
			format!("conversation:0x{}", "+f".repeat(32)).parse::<ConsentScope>(),
			Err(ScopeParseError::InvalidConversationId)
		);
		assert_eq!(
			format!("conversation:0x{}", "AB".repeat(32)).parse::<ConsentScope>(),
			Err(ScopeParseError::InvalidConversationId)
		);
		for text in ["data:custom-+7", "data:custom-07", "data:custom-"] {
			assert_eq!(
				text.parse::<ConsentScope>(),
				Err(ScopeParseError::UnknownPurpose),
				"{text}"
			);
		}
		assert_eq!(
			"data:custom-0".parse::<ConsentScope>(),
			Ok(ConsentScope::DataSharing(PurposeCategory::Custom(0)))
		);
	}

	#[test]
	fn a_conversation_is_permitted_by_itself_or_all_messaging() {
		let conversation = ConsentScope::Conversation(H256::repeat_byte(1));
		assert_eq!(
			conversation.permitted_by().collect::<alloc::vec::Vec<_>>(),
			[conversation, ConsentScope::Messaging]
		);
		let data = ConsentScope::DataSharing(PurposeCategory::Marketing);
		assert_eq!(data.permitted_by().collect::<alloc::vec::Vec<_>>(), [data]);
		assert!(!data.is_messaging());
	}

	#[test]
	fn expiry_is_exclusive() {
		let grant = |expiry| Grant::<u64, u128, u32> {
			granted_at: 1,
			expiry,
			receipt_hash: H256::zero(),
			deposit: Deposit { owner: 1, amount: 0 },
		};
		assert!(grant(Some(Expiry::AtBlock(10))).is_valid_at(&9, 0));
		assert!(!grant(Some(Expiry::AtBlock(10))).is_valid_at(&10, 0));
		assert!(grant(Some(Expiry::AtTime(5_000))).is_valid_at(&100, 4_999));
		assert!(!grant(Some(Expiry::AtTime(5_000))).is_valid_at(&100, 5_000));
		assert!(grant(None).is_valid_at(&u32::MAX, u64::MAX));
	}
}
