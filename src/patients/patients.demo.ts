import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { FieldCipher } from '../common/crypto/field-cipher';
import type { ContactKind, IdentityType, PatientSex } from './patient.entity';
import { addSearchScopes } from './patient.repository';
import { IDENTITY_NUMBER_PURPOSE, identityIndexInput, MEMBER_NUMBER_PURPOSE, memberIndexInput } from './patient-rules';
import { luhnCheckDigit } from './sa-id';

/** An SA ID for the demo: birth date, sequence (< 5000 female), citizenship 0, then the Luhn digit. */
const saId = (yymmdd: string, sequence: string) => {
  const prefix = `${yymmdd}${sequence}08`;
  return prefix + luhnCheckDigit(prefix);
};

interface DemoPatient {
  id: string;
  firstName: string;
  middleNames?: string;
  lastName: string;
  dateOfBirth: string;
  sex: PatientSex;
  identity: { type: Exclude<IdentityType, 'none'>; number: string; country?: string } | null;
  phone?: string;
  language?: string;
  town: string;
  clinic: 'GP-TSH-001' | 'GP-TSH-M01';
  medicalAid?: { scheme: string; plan: string; memberNumber: string; dependantCode: string; principal: string };
  contacts?: { id: string; kind: ContactKind; fullName: string; relationship: string; phone: string }[];
}

/**
 * Demo patients, with fixed ids so the seed is idempotent and the History and Workflow demo data can
 * refer to them (DEMO_PATIENT_IDS). SA ID numbers are well-formed (real dates, Luhn digit) but made up.
 */
export const DEMO_PATIENTS: readonly DemoPatient[] = [
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000001', firstName: 'Thabo', middleNames: 'Sipho', lastName: 'Nkosi', dateOfBirth: '1980-01-01', sex: 'male',
    identity: { type: 'sa_id', number: '8001015009087' }, phone: '+27821234567', language: 'isizulu', town: 'Pretoria', clinic: 'GP-TSH-001',
    medicalAid: { scheme: 'Polmed', plan: 'Marine', memberNumber: '11223344', dependantCode: '00', principal: 'Thabo Nkosi' },
    contacts: [{ id: '0b9d8a36-5f0e-4c8e-9a10-0000000c0001', kind: 'next_of_kin', fullName: 'Busisiwe Nkosi', relationship: 'spouse', phone: '+27829876543' }],
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000002', firstName: 'Lerato', lastName: 'Mokoena', dateOfBirth: '1992-03-04', sex: 'female',
    identity: { type: 'sa_id', number: saId('920304', '0123') }, phone: '+27731112222', language: 'sesotho', town: 'Soshanguve', clinic: 'GP-TSH-001',
    contacts: [{ id: '0b9d8a36-5f0e-4c8e-9a10-0000000c0002', kind: 'emergency', fullName: 'Palesa Mokoena', relationship: 'sister', phone: '+27735550101' }],
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000003', firstName: 'José', lastName: 'Fernandes', dateOfBirth: '1975-09-15', sex: 'male',
    identity: { type: 'passport', number: 'AB123456', country: 'MZ' }, phone: '+27761230001', language: 'english', town: 'Pretoria', clinic: 'GP-TSH-001',
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000004', firstName: 'Nomvula', lastName: 'Dlamini', dateOfBirth: '1988-07-22', sex: 'female',
    identity: { type: 'sa_id', number: saId('880722', '0456') }, phone: '+27824445555', language: 'siswati', town: 'Mamelodi', clinic: 'GP-TSH-001',
    medicalAid: { scheme: 'Polmed', plan: 'Aquarium', memberNumber: '55667788', dependantCode: '00', principal: 'Nomvula Dlamini' },
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000005', firstName: 'Sipho', lastName: 'Dlamini', dateOfBirth: '2015-02-11', sex: 'male',
    identity: { type: 'sa_id', number: saId('150211', '5321') }, town: 'Mamelodi', clinic: 'GP-TSH-001',
    // A dependant: the same member number as the principal member, dependant code 01.
    medicalAid: { scheme: 'Polmed', plan: 'Aquarium', memberNumber: '55667788', dependantCode: '01', principal: 'Nomvula Dlamini' },
    contacts: [{ id: '0b9d8a36-5f0e-4c8e-9a10-0000000c0005', kind: 'next_of_kin', fullName: 'Nomvula Dlamini', relationship: 'mother', phone: '+27824445555' }],
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000006', firstName: 'Pieter', middleNames: 'Johannes', lastName: 'van der Merwe', dateOfBirth: '1961-11-30', sex: 'male',
    identity: { type: 'sa_id', number: saId('611130', '5812') }, phone: '+27834567890', language: 'afrikaans', town: 'Centurion', clinic: 'GP-TSH-001',
    medicalAid: { scheme: 'GEMS', plan: 'Emerald Value', memberNumber: 'G9087123', dependantCode: '00', principal: 'Pieter van der Merwe' },
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000007', firstName: 'Zanele', lastName: 'Khumalo', dateOfBirth: '1999-05-05', sex: 'female',
    identity: { type: 'sa_id', number: saId('990505', '0789') }, phone: '+27711239876', language: 'isizulu', town: 'Hammanskraal', clinic: 'GP-TSH-M01',
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000008', firstName: 'Tendai', lastName: 'Moyo', dateOfBirth: '1990-12-12', sex: 'male',
    identity: { type: 'passport', number: 'FN123456', country: 'ZW' }, phone: '+27605551234', language: 'english', town: 'Pretoria', clinic: 'GP-TSH-001',
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000009', firstName: 'Ayesha', lastName: 'Patel', dateOfBirth: '1984-08-18', sex: 'female',
    identity: { type: 'sa_id', number: saId('840818', '0234') }, phone: '+27845550199', language: 'english', town: 'Laudium', clinic: 'GP-TSH-001',
    medicalAid: { scheme: 'Bonitas', plan: 'BonCap', memberNumber: 'BON445566', dependantCode: '00', principal: 'Ayesha Patel' },
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000010', firstName: 'Mpho', lastName: 'Sithole', dateOfBirth: '2001-10-01', sex: 'female',
    identity: { type: 'sa_id', number: saId('011001', '0567') }, phone: '+27787654321', language: 'sepedi', town: 'Ga-Rankuwa', clinic: 'GP-TSH-M01',
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000011', firstName: 'Johannes', lastName: 'Botha', dateOfBirth: '1950-04-27', sex: 'male',
    identity: { type: 'sa_id', number: saId('500427', '5123') }, phone: '+27123456789', language: 'afrikaans', town: 'Pretoria', clinic: 'GP-TSH-001',
    medicalAid: { scheme: 'Polmed', plan: 'Marine', memberNumber: '99887766', dependantCode: '00', principal: 'Johannes Botha' },
    contacts: [{ id: '0b9d8a36-5f0e-4c8e-9a10-0000000c0011', kind: 'emergency', fullName: 'Anna Botha', relationship: 'daughter', phone: '+27825550111' }],
  },
  {
    id: '0b9d8a36-5f0e-4c8e-9a10-000000000012', firstName: 'Naledi', lastName: 'Mahlangu', dateOfBirth: '2020-06-15', sex: 'female',
    identity: { type: 'sa_id', number: saId('200615', '0345') }, town: 'Hammanskraal', clinic: 'GP-TSH-M01',
    contacts: [{ id: '0b9d8a36-5f0e-4c8e-9a10-0000000c0012', kind: 'next_of_kin', fullName: 'Thandi Mahlangu', relationship: 'mother', phone: '+27791230000' }],
  },
];

export const DEMO_PATIENT_IDS: readonly string[] = DEMO_PATIENTS.map((p) => p.id);

/** Inserts the demo patients if missing (INSERT IGNORE on fixed ids): safe on every start. Needs the demo clinics and clerk. */
export async function seedDemoPatients(ds: DataSource, config: AppConfig): Promise<void> {
  const cipher = new FieldCipher(config.phi);
  const clinics = (await ds.query("SELECT id, district_id, province_id, code FROM clinics WHERE code IN ('GP-TSH-001', 'GP-TSH-M01')")) as {
    id: string;
    district_id: string;
    province_id: string;
    code: string;
  }[];
  const clerk = (await ds.query("SELECT id FROM users WHERE email = 'clerk@demo.clinic.local'")) as { id: string }[];
  if (clinics.length < 2 || !clerk[0]) throw new Error('Demo patients need the demo clinics and clerk');
  await ds.transaction(async (manager) => {
    for (const p of DEMO_PATIENTS) {
      const clinic = clinics.find((c) => c.code === p.clinic)!;
      const id = p.identity;
      await manager.query(
        `INSERT IGNORE INTO patients (id, first_name, middle_names, last_name, date_of_birth, sex, identity_type, identity_number_enc, identity_number_bidx,
           passport_country, phone_mobile, town, province_id, preferred_language, medical_aid_scheme, medical_aid_plan, member_number_enc,
           member_number_bidx, dependant_code, principal_member_name, registered_clinic_id, registered_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          p.id,
          p.firstName,
          p.middleNames ?? null,
          p.lastName,
          p.dateOfBirth,
          p.sex,
          id?.type ?? 'none',
          id ? cipher.encrypt(id.number, IDENTITY_NUMBER_PURPOSE) : null,
          id ? cipher.blindIndex(identityIndexInput(id.type, id.number, id.country)) : null,
          id?.country ?? null,
          p.phone ?? null,
          p.town,
          clinic.province_id,
          p.language ?? null,
          p.medicalAid?.scheme ?? null,
          p.medicalAid?.plan ?? null,
          p.medicalAid ? cipher.encrypt(p.medicalAid.memberNumber, MEMBER_NUMBER_PURPOSE) : null,
          p.medicalAid ? cipher.blindIndex(memberIndexInput(p.medicalAid.memberNumber)) : null,
          p.medicalAid?.dependantCode ?? null,
          p.medicalAid?.principal ?? null,
          clinic.id,
          clerk[0].id,
        ],
      );
      // Only for a patient this seed created (a clash on the identity index leaves the row out).
      if (((await manager.query('SELECT 1 FROM patients WHERE id = ?', [p.id])) as unknown[]).length === 0) continue;
      await manager.query(
        'INSERT IGNORE INTO patient_facilities (patient_id, clinic_id, province_id, district_id) VALUES (?, ?, ?, ?)',
        [p.id, clinic.id, clinic.province_id, clinic.district_id],
      );
      await addSearchScopes(manager, p.id, { id: clinic.id, districtId: clinic.district_id, provinceId: clinic.province_id });
      for (const c of p.contacts ?? []) {
        await manager.query(
          'INSERT IGNORE INTO patient_contacts (id, patient_id, kind, full_name, relationship, phone_primary) VALUES (?, ?, ?, ?, ?, ?)',
          [c.id, p.id, c.kind, c.fullName, c.relationship, c.phone],
        );
      }
    }
  });
}
