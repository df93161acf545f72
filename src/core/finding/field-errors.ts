// Validation failures as one line per field, from every form the API uses:
// a map of field → messages (possibly nested), or a list of
// {field, message, code} objects. Walks with an explicit stack.
import type { FieldError } from "./finding.js";
import { clip, isObject, type JsonObject } from "./values.js";

const MAX_FIELD_ERRORS = 200;
const MAX_DEPTH = 16;

const FIELD_KEYS = ["field", "path", "param", "name", "attribute", "pointer", "property"] as const;
const MESSAGE_KEYS = ["message", "msg", "detail", "reason", "description", "error"] as const;

function messageText(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** {field, message} from one object of a list, or null when it names no field. */
function listItem(item: JsonObject): FieldError | null {
  let field: string | null = null;
  for (const key of FIELD_KEYS) {
    const value = item[key];
    if (typeof value === "string" && value.trim() !== "") {
      field = value.trim();
      break;
    }
  }
  // FastAPI and friends: "loc": ["body", "template", "name"].
  if (field === null && Array.isArray(item.loc)) {
    field = item.loc.filter((part) => typeof part === "string" || typeof part === "number").join(".") || null;
  }
  let message: string | null = null;
  for (const key of MESSAGE_KEYS) {
    message = messageText(item[key]);
    if (message) break;
  }
  const code = messageText(item.code);
  if (message === null) message = code;
  if (field === null && message === null) return null;
  return { field: clip(field ?? "", 200), message: clip(message ?? "is invalid", 500) };
}

/**
 * Field errors in `value`; empty when it is not a field-error form. A list
 * of plain strings is not field errors (it is `{"errors": ["msg"]}`).
 */
export function collectFieldErrors(value: unknown): FieldError[] {
  if (Array.isArray(value)) {
    const errors: FieldError[] = [];
    for (const item of value) {
      if (errors.length >= MAX_FIELD_ERRORS) break;
      if (isObject(item)) {
        const error = listItem(item);
        if (error) errors.push(error);
      }
    }
    return errors;
  }
  if (!isObject(value)) return [];
  return flattenFieldMap(value);
}

/** `{"slug": ["taken"], "build_spec": {"steps": ["are invalid"]}}` → slug, build_spec.steps. */
function flattenFieldMap(map: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { prefix: string; value: unknown; depth: number }[] = [];
  for (const key of Object.keys(map).reverse()) stack.push({ prefix: key, value: map[key], depth: 1 });
  while (stack.length > 0 && errors.length < MAX_FIELD_ERRORS) {
    const { prefix, value, depth } = stack.pop()!;
    const direct = messageText(value);
    if (direct !== null) {
      errors.push({ field: clip(prefix, 200), message: clip(direct, 500) });
      continue;
    }
    if (depth > MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      const messages = value.map(messageText).filter((text): text is string => text !== null);
      if (messages.length > 0) errors.push({ field: clip(prefix, 200), message: clip(messages.join("; "), 500) });
      const nested: { prefix: string; value: unknown; depth: number }[] = [];
      value.forEach((item, index) => {
        if (isObject(item)) {
          const error = listItem(item);
          if (error && (error.field !== "" || Object.keys(item).some((key) => MESSAGE_KEYS.includes(key as never)))) {
            errors.push({ field: error.field ? `${prefix}.${error.field}` : prefix, message: error.message });
          } else nested.push({ prefix: `${prefix}[${index}]`, value: item, depth: depth + 1 });
        }
      });
      stack.push(...nested.reverse());
    } else if (isObject(value)) {
      for (const key of Object.keys(value).reverse()) stack.push({ prefix: `${prefix}.${key}`, value: value[key], depth: depth + 1 });
    }
  }
  return errors;
}

/** A map whose leaves are all messages: the shape of a validation map, not of other details. */
export function looksLikeFieldMap(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  return keys.every((key) => {
    const item = value[key];
    return typeof item === "string" || (Array.isArray(item) && item.length > 0 && item.every((x) => typeof x === "string")) || isObject(item);
  });
}
