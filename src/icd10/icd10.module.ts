import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Icd10CodeEntity } from './icd10-code.entity';
import { Icd10Controller } from './icd10.controller';
import { Icd10Repository } from './icd10.repository';
import { Icd10Service } from './icd10.service';

@Module({
  imports: [TypeOrmModule.forFeature([Icd10CodeEntity])],
  controllers: [Icd10Controller],
  providers: [Icd10Service, Icd10Repository],
  // Other contexts validate diagnoses through Icd10Service only.
  exports: [Icd10Service],
})
export class Icd10Module {}
