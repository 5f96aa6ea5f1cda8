// The Patients context's public surface: other contexts import from here only.
export { PatientsModule } from './patients.module';
