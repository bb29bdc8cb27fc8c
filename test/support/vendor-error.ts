import { VendorError } from '../../src/vendors/shared/vendor-error.js';

/** The VendorError `promise` rejects with; any other outcome fails the test. */
export async function vendorError(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VendorError) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}
