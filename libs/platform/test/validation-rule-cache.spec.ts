import { getMetadataStorage, IsInt, IsNotEmpty, IsString, validateSync } from 'class-validator';
import { cacheValidationRules } from '../src/validation/rule-cache';

class Unit {
  @IsString()
  serialNumber!: unknown;
}

class WashingMachine extends Unit {
  @IsInt()
  drumLitres!: unknown;

  model?: unknown;
}

const failedFields = (value: object) =>
  validateSync(value)
    .map((error) => error.property)
    .sort();

describe('cached validation rules', () => {
  beforeAll(() => cacheValidationRules());

  it('finds a class’s own and inherited rules once, then answers from the cache', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(WashingMachine, '', false, false);
    expect(storage.getTargetValidationMetadatas(WashingMachine, '', false, false)).toBe(first);
    expect(first.map((rule) => rule.propertyName).sort()).toEqual(['drumLitres', 'serialNumber']);
    const machine = Object.assign(new WashingMachine(), { serialNumber: 7, drumLitres: 'x' });
    expect(failedFields(machine)).toEqual(['drumLitres', 'serialNumber']);
    expect(failedFields(machine)).toEqual(['drumLitres', 'serialNumber']);
    expect(failedFields(Object.assign(new Unit(), { serialNumber: 7 }))).toEqual(['serialNumber']);
  });

  it('applies a rule registered after a class was first validated', () => {
    const machine = Object.assign(new WashingMachine(), { serialNumber: 'SN-1', drumLitres: 8 });
    expect(failedFields(machine)).toEqual([]);
    IsNotEmpty()(WashingMachine.prototype, 'model');
    expect(failedFields(machine)).toEqual(['model']);
  });
});
