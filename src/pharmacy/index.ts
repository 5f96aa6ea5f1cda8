// The Pharmacy context's public surface: other contexts import from here only.
export { PharmacyModule } from './pharmacy.module';
export { DrugsService } from './drugs/drugs.service';
export { PrescriptionsService, type VisitPrescriptionInput } from './prescriptions.service';
export { PrescriptionItemDto, PrescriptionItemResponseDto } from './prescription.dto';
export { seedPharmacyDemo } from './prescriptions.demo';
