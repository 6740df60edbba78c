import { registerEnumType } from 'type-graphql';

export enum ProductKind {
  BODY = 'BODY',
  LENS = 'LENS',
  PRO_VIDEO = 'PRO_VIDEO',
  OTHER = 'OTHER',
}
registerEnumType(ProductKind, { name: 'ProductKind' });
