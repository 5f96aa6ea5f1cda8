import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, updatedAtColumn } from '../common/database/columns';
import { SEX_RESTRICTIONS, type SexRestriction } from './icd10-rules';

const asciiVarchar = { type: 'varchar', charset: 'ascii', collation: 'ascii_bin' } as const;

/** One ICD-10 code as the SA Master Industry Table describes it. Declared exactly as migration 1764000100000 creates it. */
@Entity('icd10_codes')
@Index('ix_icd10_codes_description', ['description'], { fulltext: true })
export class Icd10CodeEntity {
  /** As written, with its dot: 'E11.9'. */
  @PrimaryColumn({ ...asciiVarchar, length: 8 }) code: string;
  @Column({ type: 'varchar', length: 255 }) description: string;
  /** Roman numeral: 'IV'. */
  @Column({ ...asciiVarchar, length: 5 }) chapter: string;
  /** False for a category that has subdivisions: a more specific code must be used. */
  @Column({ type: 'boolean', name: 'valid_clinical_use', default: true }) validClinicalUse: boolean;
  @Column({ type: 'boolean', name: 'valid_primary', default: true }) validPrimary: boolean;
  @Column({ type: 'boolean', name: 'is_asterisk', default: false }) isAsterisk: boolean;
  @Column({ type: 'boolean', name: 'is_dagger', default: false }) isDagger: boolean;
  @Column({ type: 'enum', enum: SEX_RESTRICTIONS, name: 'gender_restriction', nullable: true }) genderRestriction: SexRestriction | null;
  @Column({ type: 'smallint', unsigned: true, name: 'age_min_years', nullable: true }) ageMinYears: number | null;
  @Column({ type: 'smallint', unsigned: true, name: 'age_max_years', nullable: true }) ageMaxYears: number | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
