import { Module } from '@nestjs/common';

/** Patients: demographics, medical-aid membership, contacts, the complete medical history, documents, timeline. */
@Module({})
export class PatientsModule {}
