import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import type { Icd10CodeEntity } from './icd10-code.entity';
import { Icd10CodeDto, Icd10QueryDto, toIcd10CodeDto } from './icd10.dto';
import { Icd10Repository } from './icd10.repository';
import {
  checkDiagnoses,
  checkUsableCode,
  DiagnosisInput,
  normaliseIcd10Code,
  PatientFacts,
  ResolvedDiagnosis,
} from './icd10-rules';
import { planIcd10Search } from './icd10-search';

/** ICD-10 reference data: search for the staff portal, and the SA coding rules for other contexts. */
@Injectable()
export class Icd10Service {
  constructor(private readonly codes: Icd10Repository) {}

  async searchCodes(query: Icd10QueryDto): Promise<Page<Icd10CodeDto>> {
    const [rows, total] = await this.codes.search(planIcd10Search(query.q), {
      validForClinicalUse: query.validForClinicalUse,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toIcd10CodeDto), total, query);
  }

  /** One code, retired ones included (old records still show them). The input is normalised: 'e119' is E11.9. */
  async getCode(input: string): Promise<Icd10CodeDto> {
    const code = normaliseIcd10Code(input);
    if (code === null) throw new ValidationFailedError([{ field: 'code', message: 'code must be an ICD-10 code such as E11.9' }]);
    const row = await this.codes.findByCode(code);
    if (!row) throw new NotFoundError('ICD-10 code');
    return toIcd10CodeDto(row);
  }

  /**
   * Checks a visit's diagnoses against the SA Master Industry Table rules (see icd10-rules.ts),
   * loading every code in one query. Throws ValidationFailedError naming `diagnoses[i].code`,
   * `diagnoses[i].primary` or `diagnoses`; returns the normalised codes with their descriptions.
   */
  async validateDiagnoses(patient: PatientFacts, diagnoses: DiagnosisInput[]): Promise<ResolvedDiagnosis[]> {
    const wanted = [...new Set(diagnoses.map((d) => normaliseIcd10Code(d.code)).filter((c): c is string => c !== null))];
    const known = new Map((await this.codes.findByCodes(wanted)).map((row) => [row.code, row] as [string, Icd10CodeEntity]));
    const { resolved, errors } = checkDiagnoses(patient, diagnoses, (code) => known.get(code));
    if (errors.length) throw new ValidationFailedError(errors);
    return resolved;
  }

  /**
   * One code usable on a record (a chronic condition): known, in use, specific enough, and with
   * `patient`, fitting the patient's sex and age. Errors name `field`.
   */
  async requireUsableCode(code: string, field: string, patient?: PatientFacts): Promise<{ code: string; description: string }> {
    const normalised = normaliseIcd10Code(code);
    const row = normalised === null ? null : await this.codes.findByCode(normalised);
    const { resolved, errors } = checkUsableCode(code, field, () => row ?? undefined, patient);
    if (!resolved) throw new ValidationFailedError(errors);
    return resolved;
  }
}
