export {
  normalizeSerialNumber,
  productIdFor,
  productStream,
} from '@warranty/contracts/registration';
