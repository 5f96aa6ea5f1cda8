import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CryptoModule } from '../common/crypto/crypto.module';
import { IdentityModule } from '../identity';
import { PatientContactEntity, PatientEntity, PatientFacilityEntity, PatientSearchScopeEntity } from './patient.entity';
import { PatientContactsService } from './patient-contacts.service';
import { PatientRegistryService } from './patient-registry.service';
import { PatientRepository } from './patient.repository';
import { PatientContactsController, PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';
import { HISTORY_CONTROLLERS, HISTORY_ENTITIES, HISTORY_EXPORTS, HISTORY_IMPORTS, HISTORY_PROVIDERS } from './history/history.providers';

/** Patients: demographics, medical-aid membership, contacts, the complete medical history, documents, timeline. */
@Module({
  imports: [IdentityModule, CryptoModule, ...HISTORY_IMPORTS, TypeOrmModule.forFeature([PatientEntity, PatientContactEntity, PatientFacilityEntity, PatientSearchScopeEntity, ...HISTORY_ENTITIES])],
  controllers: [PatientsController, PatientContactsController, ...HISTORY_CONTROLLERS],
  providers: [PatientsService, PatientRegistryService, PatientContactsService, PatientRepository, ...HISTORY_PROVIDERS],
  exports: [PatientsService, ...HISTORY_EXPORTS],
})
export class PatientsModule {}
