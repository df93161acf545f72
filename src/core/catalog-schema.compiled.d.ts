// The validator of catalog/schema.json that ajv compiles ahead of time. No file
// holds its code: the build and the tests make it from the schema
// (scripts/schema-validator.mjs), so the package ships no ajv.
import type { ErrorObject } from "ajv";

/** True when `data` is a valid catalog document; else false, with every problem in `errors`. */
declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
