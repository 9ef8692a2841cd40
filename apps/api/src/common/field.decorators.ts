import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ID_PATTERN } from './id.pipe';

/** What the OpenAPI document says of a field, of those our request fields use. */
export interface FieldDoc {
  description?: string;
  example?: string;
  default?: string;
  enum?: string[];
  type?: [new () => object];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

/** A kind of request field: how the OpenAPI document shows it and the checks its value must pass. */
export interface FieldKind {
  doc: FieldDoc;
  checks: () => PropertyDecorator[];
}

export const ID_FIELD: FieldKind = { doc: {}, checks: () => [Matches(ID_PATTERN)] };

/** Licenses of one subscription (api.md: 1 to 100,000). */
export const LICENSE_QUANTITY: FieldKind = { doc: { minimum: 1, maximum: 100000 }, checks: () => [IsInt(), Min(1), Max(100_000)] };

export const NAME_FIELD: FieldKind = { doc: {}, checks: () => [IsString(), MinLength(1), MaxLength(256)] };

export const COUNTRY_FIELD: FieldKind = {
  doc: { example: 'NL' },
  checks: () => [Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })],
};

export function oneOf(values: readonly string[]): FieldKind {
  return { doc: { enum: [...values] }, checks: () => [IsIn([...values])] };
}

/** A list of nested objects, each validated as `type`. */
export function listOf(type: new () => object, max: number): FieldKind {
  return { doc: { type: [type] }, checks: () => [IsArray(), ArrayMaxSize(max), ValidateNested({ each: true }), Type(() => type)] };
}

/** A field every request carries; `doc` adds to what its kind documents. */
export function RequiredField(kind: FieldKind, doc: FieldDoc = {}): PropertyDecorator {
  return stacked(ApiProperty({ ...kind.doc, ...doc }), ...kind.checks());
}

/** A field a request may leave out. */
export function OptionalField(kind: FieldKind, doc: FieldDoc = {}): PropertyDecorator {
  return stacked(ApiPropertyOptional({ ...kind.doc, ...doc }), IsOptional(), ...kind.checks());
}

/** Applied bottom first, as the same decorators written above a property are, so validation messages keep their order. */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}
