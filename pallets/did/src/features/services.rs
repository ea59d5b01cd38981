//! A DID's service endpoints, and what makes one valid.

use frame_support::{dispatch::DispatchResult, ensure};
use missive_primitives::did::{bounds::MaxServiceIdLength, DidId, ServiceEndpoint};
use sp_runtime::BoundedVec;

use crate::{Config, DidRecordOf, Error, Event, Pallet};

impl<T: Config> Pallet<T> {
	/// [`Pallet::set_service`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_set_service(
		did: DidId,
		mut record: DidRecordOf<T>,
		service: ServiceEndpoint,
	) -> DispatchResult {
		Self::validate_service(&service)?;
		let service_id = service.id.to_vec();
		let services = &mut record.document.services;
		match services.iter_mut().find(|s| s.id == service.id) {
			Some(existing) => *existing = service,
			None => services.try_push(service).map_err(|_| Error::<T>::TooManyServices)?,
		}
		Self::settle_deposit(&mut record)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::save(did, record, now);
		Self::deposit_event(Event::ServiceSet { did, service_id });
		Ok(())
	}

	/// [`Pallet::remove_service`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_remove_service(
		did: DidId,
		mut record: DidRecordOf<T>,
		service_id: BoundedVec<u8, MaxServiceIdLength>,
	) -> DispatchResult {
		let services = &mut record.document.services;
		let index =
			services.iter().position(|s| s.id == service_id).ok_or(Error::<T>::ServiceNotFound)?;
		services.remove(index);
		Self::settle_deposit(&mut record)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::save(did, record, now);
		Self::deposit_event(Event::ServiceRemoved { did, service_id: service_id.into_inner() });
		Ok(())
	}

	pub(crate) fn validate_service(service: &ServiceEndpoint) -> Result<(), Error<T>> {
		let id_ok = !service.id.is_empty()
			&& service
				.id
				.iter()
				.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
		ensure!(id_ok, Error::<T>::InvalidServiceId);
		let printable = |text: &[u8]| !text.is_empty() && text.iter().all(|c| c.is_ascii_graphic());
		ensure!(
			!service.types.is_empty() && service.types.iter().all(|t| printable(t)),
			Error::<T>::InvalidServiceType
		);
		ensure!(
			!service.urls.is_empty() && service.urls.iter().all(|u| printable(u)),
			Error::<T>::InvalidServiceUrl
		);
		Ok(())
	}

	pub(crate) fn has_duplicate_ids(services: &[ServiceEndpoint]) -> bool {
		services
			.iter()
			.enumerate()
			.any(|(i, s)| services[..i].iter().any(|earlier| earlier.id == s.id))
	}
}
