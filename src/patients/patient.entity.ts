import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { cascadeOnDelete, createdAtColumn, restrictOnDelete, timestampColumn, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';

export const PATIENT_SEXES = ['male', 'female', 'intersex', 'unknown'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

export const IDENTITY_TYPES = ['sa_id', 'passport', 'none'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const ALLERGY_STATUSES = ['unknown', 'no_known_allergies', 'has_allergies'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];

export const CONTACT_KINDS = ['emergency', 'next_of_kin', 'secondary'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

const asciiColumn = { charset: 'ascii', collation: 'ascii_bin' } as const;
// Ciphertext: [key-id length][key id][12-byte IV][16-byte tag][ciphertext] (see src/common/crypto/field-cipher.ts).
const cipherColumn = { type: 'varbinary', length: 255, nullable: true } as const;
// HMAC-SHA256 blind index of the normalised plaintext.
const blindIndexColumn = { type: 'binary', length: 32, nullable: true } as const;

// Identity's entities are referred to by name (not imported) so the context boundary holds.
@Entity('patients')
@Unique('uq_patients_identity_bidx', ['identityNumberBidx'])
@Index('ix_patients_member_bidx', ['memberNumberBidx'])
@Index('ix_patients_last_first', ['lastName', 'firstName', 'dateOfBirth', 'isActive'])
@Index('ix_patients_first_last', ['firstName', 'lastName', 'dateOfBirth', 'isActive'])
@Index('ix_patients_date_of_birth', ['dateOfBirth'])
@Index('ix_patients_phone_mobile', ['phoneMobile'])
@Index('ix_patients_phone_alternate', ['phoneAlternate'])
@Index('ix_patients_province', ['provinceId'])
@Index('ix_patients_registered_clinic', ['registeredClinicId'])
@Index('ix_patients_registered_by', ['registeredBy'])
export class PatientEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 100, name: 'first_name' }) firstName: string;
  @Column({ type: 'varchar', length: 150, name: 'middle_names', nullable: true }) middleNames: string | null;
  @Column({ type: 'varchar', length: 100, name: 'last_name' }) lastName: string;
  @Column({ type: 'date', name: 'date_of_birth', utc: true }) dateOfBirth: string;
  @Column({ type: 'enum', enum: PATIENT_SEXES }) sex: PatientSex;
  @Column({ type: 'enum', enum: IDENTITY_TYPES, name: 'identity_type' }) identityType: IdentityType;
  @Column({ ...cipherColumn, name: 'identity_number_enc' }) identityNumberEnc: Buffer | null;
  @Column({ ...blindIndexColumn, name: 'identity_number_bidx' }) identityNumberBidx: Buffer | null;
  @Column({ type: 'char', length: 2, ...asciiColumn, name: 'passport_country', nullable: true }) passportCountry: string | null;
  @Column({ type: 'varchar', length: 16, ...asciiColumn, name: 'phone_mobile', nullable: true }) phoneMobile: string | null;
  @Column({ type: 'varchar', length: 16, ...asciiColumn, name: 'phone_alternate', nullable: true }) phoneAlternate: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 200, name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column({ type: 'varchar', length: 200, name: 'address_line2', nullable: true }) addressLine2: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) town: string | null;
  @Column({ type: 'varchar', length: 10, name: 'postal_code', nullable: true }) postalCode: string | null;
  @Column({ ...uuidColumn, name: 'province_id', nullable: true }) provinceId: string | null;
  @ManyToOne('ProvinceEntity', restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_patients_province' })
  province: object;
  @Column({ type: 'varchar', length: 32, ...asciiColumn, name: 'preferred_language', nullable: true }) preferredLanguage: string | null;
  @Column({ type: 'varchar', length: 100, name: 'medical_aid_scheme', nullable: true }) medicalAidScheme: string | null;
  @Column({ type: 'varchar', length: 100, name: 'medical_aid_plan', nullable: true }) medicalAidPlan: string | null;
  @Column({ ...cipherColumn, name: 'member_number_enc' }) memberNumberEnc: Buffer | null;
  @Column({ ...blindIndexColumn, name: 'member_number_bidx' }) memberNumberBidx: Buffer | null;
  @Column({ type: 'varchar', length: 4, name: 'dependant_code', nullable: true }) dependantCode: string | null;
  @Column({ type: 'varchar', length: 160, name: 'principal_member_name', nullable: true }) principalMemberName: string | null;
  @Column({ type: 'enum', enum: ALLERGY_STATUSES, name: 'allergy_status', default: 'unknown' }) allergyStatus: AllergyStatus;
  @Column({ ...uuidColumn, name: 'registered_clinic_id' }) registeredClinicId: string;
  @ManyToOne('ClinicEntity', restrictOnDelete)
  @JoinColumn({ name: 'registered_clinic_id', foreignKeyConstraintName: 'fk_patients_registered_clinic' })
  registeredClinic: object;
  @Column({ ...uuidColumn, name: 'registered_by' }) registeredBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'registered_by', foreignKeyConstraintName: 'fk_patients_registered_by' })
  registeredByUser: object;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @Column({ ...timestampColumn, name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
  @Column({ type: 'varchar', length: 500, name: 'deactivation_reason', nullable: true }) deactivationReason: string | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

@Entity('patient_contacts')
@Index('ix_patient_contacts_patient', ['patientId'])
export class PatientContactEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne(() => PatientEntity, cascadeOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_contacts_patient' })
  patient: PatientEntity;
  @Column({ type: 'enum', enum: CONTACT_KINDS }) kind: ContactKind;
  @Column({ type: 'varchar', length: 160, name: 'full_name' }) fullName: string;
  @Column({ type: 'varchar', length: 60 }) relationship: string;
  @Column({ type: 'varchar', length: 16, ...asciiColumn, name: 'phone_primary' }) phonePrimary: string;
  @Column({ type: 'varchar', length: 16, ...asciiColumn, name: 'phone_alternate', nullable: true }) phoneAlternate: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** A clinic where the patient was registered or seen: the data scope (see PatientsService.visibleCondition). */
@Entity('patient_facilities')
@Index('ix_patient_facilities_clinic', ['clinicId', 'patientId'])
@Index('ix_patient_facilities_district', ['districtId', 'patientId'])
@Index('ix_patient_facilities_province', ['provinceId', 'patientId'])
export class PatientFacilityEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @PrimaryColumn({ ...uuidColumn, name: 'clinic_id' }) clinicId: string;
  @ManyToOne(() => PatientEntity, cascadeOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_facilities_patient' })
  patient: PatientEntity;
  @ManyToOne('ClinicEntity', restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_patient_facilities_clinic' })
  clinic: object;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @ManyToOne('ProvinceEntity', restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_patient_facilities_province' })
  province: object;
  @Column({ ...uuidColumn, name: 'district_id' }) districtId: string;
  @ManyToOne('DistrictEntity', restrictOnDelete)
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'fk_patient_facilities_district' })
  district: object;
  @Column({ ...timestampDefaultNowColumn, name: 'first_seen_at' }) firstSeenAt: Date;
}

/**
 * The data scope as a search index: one row per clinic, district and province that patient_facilities
 * puts the patient in, with the name columns a scoped search walks in order. Derived; kept in step by
 * PatientRepository (registration, recordFacility, name and activation changes).
 */
@Entity('patient_search_scopes')
@Index('ix_patient_search_scopes_last', ['scopeId', 'lastName', 'firstName', 'dateOfBirth', 'isActive'])
@Index('ix_patient_search_scopes_first', ['scopeId', 'firstName', 'lastName', 'dateOfBirth', 'isActive'])
@Index('ix_patient_search_scopes_patient', ['patientId'])
export class PatientSearchScopeEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'scope_id' }) scopeId: string;
  @PrimaryColumn({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne(() => PatientEntity, cascadeOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_search_scopes_patient' })
  patient: PatientEntity;
  @Column({ type: 'varchar', length: 100, name: 'last_name' }) lastName: string;
  @Column({ type: 'varchar', length: 100, name: 'first_name' }) firstName: string;
  @Column({ type: 'date', name: 'date_of_birth', utc: true }) dateOfBirth: string;
  @Column({ type: 'boolean', name: 'is_active' }) isActive: boolean;
}
