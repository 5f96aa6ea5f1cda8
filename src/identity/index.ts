// The public surface of the Identity context: other contexts import from here only.
export { IdentityModule } from './identity.module';
export { FacilitiesService } from './facilities.service';
