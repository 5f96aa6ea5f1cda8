import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsE164Phone, NormaliseEmail, OptionalNotNull, Trim } from '../common/http/transforms';
import { PageMetaDto, PageQueryDto } from '../common/pagination/pagination';
import {
  ALLERGY_STATUSES,
  type AllergyStatus,
  CONTACT_KINDS,
  type ContactKind,
  IDENTITY_TYPES,
  type IdentityType,
  PATIENT_SEXES,
  type PatientContactEntity,
  type PatientEntity,
  type PatientSex,
} from './patient.entity';
import { compactIdentifier, MAX_CONTACTS, normalisePhone } from './patient-rules';
import { clinicToday } from '../common/time/clinic-date';
import { realDate } from './sa-id';

/** South Africa's official languages (and SA Sign Language), for the preferred language of care. */
export const PREFERRED_LANGUAGES = [
  'english',
  'afrikaans',
  'isindebele',
  'isixhosa',
  'isizulu',
  'sepedi',
  'sesotho',
  'setswana',
  'siswati',
  'tshivenda',
  'xitsonga',
  'sa_sign_language',
] as const;
export type PreferredLanguage = (typeof PREFERRED_LANGUAGES)[number];

/** Reads '082 123 4567' as +27821234567; anything it cannot read is left for @IsE164Phone to refuse. */
const NormalisePhone = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (normalisePhone(value) ?? value) : value));
const Compact = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? compactIdentifier(value) : value));
const UpperTrim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A real calendar date YYYY-MM-DD from 1900-01-01 up to today (a date of birth cannot be in the future). */
const IsBirthDate = () =>
  ValidateBy({
    name: 'isBirthDate',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
        const [y, m, d] = value.split('-').map(Number);
        return realDate(y, m, d) !== null && value >= '1900-01-01' && value <= clinicToday();
      },
      defaultMessage: () => '$property must be a real date (YYYY-MM-DD) from 1900-01-01 up to today',
    },
  });

const MEMBER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 -]{1,23}[A-Za-z0-9]$/;

// ---------------------------------------------------------------------------------------------- requests

export class PatientAddressInputDto {
  @ApiPropertyOptional({ example: '12 Church Street' }) @IsOptional() @Trim() @IsString() @Length(1, 200) line1?: string;
  @ApiPropertyOptional({ example: 'Arcadia' }) @IsOptional() @Trim() @IsString() @Length(1, 200) line2?: string;
  @ApiPropertyOptional({ example: 'Pretoria' }) @IsOptional() @Trim() @IsString() @Length(1, 100) town?: string;
  @ApiPropertyOptional({ example: '0083', description: 'Four digits' })
  @IsOptional()
  @Trim()
  @Matches(/^\d{4}$/, { message: 'postalCode must be four digits' })
  postalCode?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() provinceId?: string;
}

export class MedicalAidInputDto {
  @ApiProperty({ example: 'Polmed' }) @Trim() @IsString() @Length(2, 100) scheme: string;
  @ApiPropertyOptional({ example: 'Marine' }) @IsOptional() @Trim() @IsString() @Length(1, 100) plan?: string;
  @ApiProperty({ example: '11223344', description: 'Stored encrypted; searchable by exact value' })
  @IsString()
  @Matches(MEMBER_NUMBER, { message: 'memberNumber must be 3-25 letters, digits, spaces or dashes' })
  memberNumber: string;
  @ApiPropertyOptional({ example: '00', description: "Dependant code on the member's card (00 = principal member)" })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9A-Za-z]{1,4}$/, { message: 'dependantCode must be 1-4 letters or digits' })
  dependantCode?: string;
  @ApiPropertyOptional({ example: 'Sipho Dlamini' }) @IsOptional() @Trim() @IsString() @Length(2, 160) principalMemberName?: string;
}

export class PatientContactInputDto {
  @ApiProperty({ enum: CONTACT_KINDS, enumName: 'ContactKind' }) @IsIn(CONTACT_KINDS) kind: ContactKind;
  @ApiProperty({ example: 'Nomsa Dlamini' }) @Trim() @IsString() @Length(2, 160) fullName: string;
  @ApiProperty({ example: 'mother' }) @Trim() @IsString() @Length(2, 60) relationship: string;
  @ApiProperty({ example: '+27821234567', description: "E.164; a local number such as '082 123 4567' is accepted" })
  @NormalisePhone()
  @IsE164Phone()
  phonePrimary: string;
  @ApiPropertyOptional({ example: '+27123456789' }) @IsOptional() @NormalisePhone() @IsE164Phone() phoneAlternate?: string;
  @ApiPropertyOptional() @IsOptional() @NormaliseEmail() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @Length(2, 300) address?: string;
}

export class UpdatePatientContactDto {
  @ApiPropertyOptional({ enum: CONTACT_KINDS, enumName: 'ContactKind' }) @OptionalNotNull() @IsIn(CONTACT_KINDS) kind?: ContactKind;
  @ApiPropertyOptional() @OptionalNotNull() @Trim() @IsString() @Length(2, 160) fullName?: string;
  @ApiPropertyOptional() @OptionalNotNull() @Trim() @IsString() @Length(2, 60) relationship?: string;
  @ApiPropertyOptional({ example: '+27821234567' }) @OptionalNotNull() @NormalisePhone() @IsE164Phone() phonePrimary?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @NormalisePhone() @IsE164Phone() phoneAlternate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @NormaliseEmail() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @Trim() @IsString() @Length(2, 300) address?: string | null;
}

// Each field's format, shared by registration (required) and update (optional).
const FirstNameField = () => applyDecorators(Trim(), IsString(), Length(1, 100));
const LastNameField = () => applyDecorators(Trim(), IsString(), Length(1, 100));
const SexField = () => IsIn(PATIENT_SEXES);
const IdentityTypeField = () => IsIn(IDENTITY_TYPES);

/** Optional fields a registration and an update share. Identity rules that span fields are checked by the service. */
class PatientOptionalFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Sipho' }) @IsOptional() @Trim() @IsString() @Length(1, 150) middleNames?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '8001015009087',
    description: 'SA ID (13 digits, Luhn check digit, embedded date of birth = dateOfBirth) or passport number (5-20 letters or digits). Stored encrypted.',
  })
  @IsOptional()
  @Compact()
  @IsString()
  @MaxLength(32)
  identityNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ZW', description: 'ISO 3166-1 alpha-2; required for a passport' })
  @IsOptional()
  @UpperTrim()
  @IsString()
  @Length(2, 2, { message: 'passportCountry must be an ISO 3166-1 alpha-2 country code, e.g. ZW' })
  passportCountry?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+27821234567', description: "E.164; '082 123 4567' is accepted" })
  @IsOptional()
  @NormalisePhone()
  @IsE164Phone()
  phoneMobile?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+27123456789' }) @IsOptional() @NormalisePhone() @IsE164Phone() phoneAlternate?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @NormaliseEmail() @IsEmail() @MaxLength(254) email?: string | null;

  @ApiPropertyOptional({ type: PatientAddressInputDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PatientAddressInputDto)
  address?: PatientAddressInputDto | null;

  @ApiPropertyOptional({ enum: PREFERRED_LANGUAGES, enumName: 'PreferredLanguage', nullable: true })
  @IsOptional()
  @IsIn(PREFERRED_LANGUAGES)
  preferredLanguage?: PreferredLanguage | null;

  @ApiPropertyOptional({ type: MedicalAidInputDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MedicalAidInputDto)
  medicalAid?: MedicalAidInputDto | null;
}

export class RegisterPatientDto extends PatientOptionalFieldsDto {
  @ApiProperty({ example: 'Thabo', maxLength: 100 }) @FirstNameField() firstName: string;
  @ApiProperty({ example: 'Nkosi', maxLength: 100 }) @LastNameField() lastName: string;
  @ApiProperty({ format: 'date', example: '1980-01-01' }) @IsBirthDate() dateOfBirth: string;
  @ApiProperty({ enum: PATIENT_SEXES, enumName: 'PatientSex' }) @SexField() sex: PatientSex;
  @ApiProperty({ enum: IDENTITY_TYPES, enumName: 'IdentityType' }) @IdentityTypeField() identityType: IdentityType;

  @ApiProperty({ format: 'uuid', description: 'The registering clinic; must be inside your jurisdiction' })
  @IsUUID()
  registeredClinicId: string;

  @ApiPropertyOptional({ type: [PatientContactInputDto], maxItems: MAX_CONTACTS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONTACTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PatientContactInputDto)
  contacts?: PatientContactInputDto[];
}

/** Only the fields sent change; null clears an optional field. Contacts have their own endpoints. */
export class UpdatePatientDto extends PatientOptionalFieldsDto {
  @ApiProperty({ description: 'The version you read; a different current version answers 409 PATIENT_VERSION_CONFLICT', example: 1 })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: 'Thabo' }) @OptionalNotNull() @FirstNameField() firstName?: string;
  @ApiPropertyOptional({ example: 'Nkosi' }) @OptionalNotNull() @LastNameField() lastName?: string;
  @ApiPropertyOptional({ format: 'date', example: '1980-01-01' }) @OptionalNotNull() @IsBirthDate() dateOfBirth?: string;
  @ApiPropertyOptional({ enum: PATIENT_SEXES, enumName: 'PatientSex' }) @OptionalNotNull() @SexField() sex?: PatientSex;
  @ApiPropertyOptional({ enum: IDENTITY_TYPES, enumName: 'IdentityType' }) @OptionalNotNull() @IdentityTypeField() identityType?: IdentityType;
}

export class DeactivatePatientDto {
  @ApiProperty({ example: 'Duplicate record of another patient', description: 'Why the record is deactivated' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class PatientSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Start of the first or last name (one word), or of first and last name (two words, either order); case- and accent-insensitive', example: 'thabo nk' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'Exact SA ID number (13 digits)', example: '8001015009087' })
  @IsOptional()
  @Compact()
  @Matches(/^\d{13}$/, { message: 'identityNumber must be a 13-digit SA ID number' })
  identityNumber?: string;

  @ApiPropertyOptional({ description: 'Exact passport number; needs passportCountry', example: 'A1234567' })
  @ValidateIf((o: PatientSearchQueryDto) => o.passportNumber !== undefined || o.passportCountry !== undefined)
  @Compact()
  @Matches(/^[A-Z0-9]{5,20}$/, { message: 'passportNumber must be 5-20 letters or digits (and is required with passportCountry)' })
  passportNumber?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2; needs passportNumber', example: 'ZW' })
  @ValidateIf((o: PatientSearchQueryDto) => o.passportNumber !== undefined || o.passportCountry !== undefined)
  @UpperTrim()
  @IsISO31661Alpha2({ message: 'passportCountry must be an ISO 3166-1 alpha-2 country code (and is required with passportNumber)' })
  passportCountry?: string;

  @ApiPropertyOptional({ description: 'Exact medical-aid member number', example: '11223344' })
  @IsOptional()
  @Matches(MEMBER_NUMBER, { message: 'medicalAidNumber must be 3-25 letters, digits, spaces or dashes' })
  medicalAidNumber?: string;

  @ApiPropertyOptional({ description: "Mobile or alternate phone; '082 123 4567' is read as +27821234567", example: '+27821234567' })
  @IsOptional()
  @NormalisePhone()
  @IsE164Phone()
  phone?: string;

  @ApiPropertyOptional({ format: 'date', example: '1980-01-01' }) @IsOptional() @IsBirthDate() dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'Include deactivated patients', default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

// --------------------------------------------------------------------------------------------- responses

export class PatientAddressDto {
  @ApiProperty({ type: String, nullable: true }) line1: string | null;
  @ApiProperty({ type: String, nullable: true }) line2: string | null;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) provinceId: string | null;
}

export class MedicalAidDto {
  @ApiProperty() scheme: string;
  @ApiProperty({ type: String, nullable: true }) plan: string | null;
  @ApiProperty({ description: 'In full only in GET /patients/{id}; elsewhere masked to its last characters, e.g. ****3344' })
  memberNumber: string;
  @ApiProperty({ type: String, nullable: true }) dependantCode: string | null;
  @ApiProperty({ type: String, nullable: true }) principalMemberName: string | null;
}

export class PatientContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONTACT_KINDS, enumName: 'ContactKind' }) kind: ContactKind;
  @ApiProperty() fullName: string;
  @ApiProperty() relationship: string;
  @ApiProperty({ example: '+27821234567' }) phonePrimary: string;
  @ApiProperty({ type: String, nullable: true }) phoneAlternate: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class PatientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) middleNames: string | null;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: PATIENT_SEXES, enumName: 'PatientSex' }) sex: PatientSex;
  @ApiProperty({ enum: IDENTITY_TYPES, enumName: 'IdentityType' }) identityType: IdentityType;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "In full only in GET /patients/{id}; in every other response masked to its last characters, e.g. '*********9087'",
  })
  identityNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ZW' }) passportCountry: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+27821234567' }) phoneMobile: string | null;
  @ApiProperty({ type: String, nullable: true }) phoneAlternate: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: PatientAddressDto, nullable: true }) address: PatientAddressDto | null;
  @ApiProperty({ enum: PREFERRED_LANGUAGES, enumName: 'PreferredLanguage', nullable: true }) preferredLanguage: PreferredLanguage | null;
  @ApiProperty({ type: MedicalAidDto, nullable: true }) medicalAid: MedicalAidDto | null;
  @ApiProperty({ enum: ALLERGY_STATUSES, enumName: 'AllergyStatus', description: "'unknown' means nobody has asked; it is not 'none'" })
  allergyStatus: AllergyStatus;
  @ApiProperty({ format: 'uuid' }) registeredClinicId: string;
  @ApiProperty({ format: 'uuid', description: 'The user who registered the patient' }) registeredBy: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deactivatedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) deactivationReason: string | null;
  @ApiProperty({ description: 'Send it back with PATCH (optimistic concurrency)' }) version: number;
  @ApiProperty({ type: [PatientContactDto] }) contacts: PatientContactDto[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

/** A patient you may see with the same first and last name and date of birth. */
export class PossibleDuplicateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) middleNames: string | null;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: IDENTITY_TYPES, enumName: 'IdentityType' }) identityType: IdentityType;
  @ApiProperty({ format: 'uuid' }) registeredClinicId: string;
  @ApiProperty() isActive: boolean;
}

export class RegisteredPatientDto extends PatientDto {
  @ApiProperty({
    type: [PossibleDuplicateDto],
    description: 'Patients you may see with the same names and date of birth (case- and accent-insensitive); registration still went ahead',
  })
  possibleDuplicates: PossibleDuplicateDto[];
}

/** A search hit: identifying numbers masked. */
export class PatientSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) middleNames: string | null;
  @ApiProperty() lastName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: PATIENT_SEXES, enumName: 'PatientSex' }) sex: PatientSex;
  @ApiProperty({ enum: IDENTITY_TYPES, enumName: 'IdentityType' }) identityType: IdentityType;
  @ApiProperty({ type: String, nullable: true, description: "Masked, e.g. '*********9087'" }) identityNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) passportCountry: string | null;
  @ApiProperty({ type: String, nullable: true }) phoneMobile: string | null;
  @ApiProperty({ type: String, nullable: true }) medicalAidScheme: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Masked, e.g. '****3344'" }) memberNumber: string | null;
  @ApiProperty({ format: 'uuid' }) registeredClinicId: string;
  @ApiProperty() isActive: boolean;
}

export class PatientPageMetaDto extends PageMetaDto {
  @ApiProperty({
    description:
      'True when more patients match than were counted (counting stops at max(1000, the end of this page + 1)); total and totalPages are then lower bounds and hasNext stays exact',
  })
  totalCapped: boolean;
}

// ---------------------------------------------------------------------------------------------- mappers

export const toContactDto = (c: PatientContactEntity): PatientContactDto => ({
  id: c.id,
  kind: c.kind,
  fullName: c.fullName,
  relationship: c.relationship,
  phonePrimary: c.phonePrimary,
  phoneAlternate: c.phoneAlternate,
  email: c.email,
  address: c.address,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** `numbers` are the decrypted identity and member numbers, already masked unless this response may show them. */
export function toPatientDto(p: PatientEntity, contacts: PatientContactEntity[], numbers: { identityNumber: string | null; memberNumber: string | null }): PatientDto {
  const hasAddress = p.addressLine1 !== null || p.addressLine2 !== null || p.town !== null || p.postalCode !== null || p.provinceId !== null;
  return {
    id: p.id,
    firstName: p.firstName,
    middleNames: p.middleNames,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    identityType: p.identityType,
    identityNumber: numbers.identityNumber,
    passportCountry: p.passportCountry,
    phoneMobile: p.phoneMobile,
    phoneAlternate: p.phoneAlternate,
    email: p.email,
    address: hasAddress ? { line1: p.addressLine1, line2: p.addressLine2, town: p.town, postalCode: p.postalCode, provinceId: p.provinceId } : null,
    preferredLanguage: p.preferredLanguage as PreferredLanguage | null,
    medicalAid:
      p.medicalAidScheme !== null && numbers.memberNumber !== null
        ? {
            scheme: p.medicalAidScheme,
            plan: p.medicalAidPlan,
            memberNumber: numbers.memberNumber,
            dependantCode: p.dependantCode,
            principalMemberName: p.principalMemberName,
          }
        : null,
    allergyStatus: p.allergyStatus,
    registeredClinicId: p.registeredClinicId,
    registeredBy: p.registeredBy,
    isActive: p.isActive,
    deactivatedAt: p.deactivatedAt?.toISOString() ?? null,
    deactivationReason: p.deactivationReason,
    version: p.version,
    contacts: contacts.map(toContactDto),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
