"""Serverless Workbench: the Python runtime of the local Lambda emulator.

The emulator runs `python3 -u bootstrap.py` with cwd = the code folder and Lambda's environment
variables. This script plays the part of AWS's Python runtime interface client (awslambdaric, the
client of the managed python3.x runtimes): it imports the handler, then loops on the Runtime API
(`/invocation/next` -> handler -> `/response` or `/error`), with AWS's error types and messages,
context object, log formats and stack-trace shapes.

It is one file on purpose: the code folder goes first on sys.path, so any helper module of ours could
be shadowed by a user module of the same name. This file runs as `__main__`, so a user module named
`bootstrap` is simply the user's. Standard library only; Python 3.9+.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback
from datetime import datetime, timezone

API_PREFIX = "/2018-06-01/runtime"
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
XRAY_CAUSE_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
XRAY_CAUSE_MAX_BYTES = 1024 * 1024

# One log event per record: the emulator cuts stdout on "\n" and turns "\r" back into "\n", as AWS's
# client does for error records when it has no telemetry pipe (with one, a record is one frame).
LINE_JOIN = "\r"
# AWS indents stack-trace lines of error records with NO-BREAK SPACEs so CloudWatch keeps them.
TRACE_INDENT = "\u00a0"
INIT_FAILURE_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code."
)

MARSHAL_ERROR = "Runtime.MarshalError"
UNMARSHAL_ERROR = "Runtime.UnmarshalError"
USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

THIS_FILE = os.path.abspath(__file__)


class Fault(Exception):
    """A failure the runtime itself reports (errorType `Runtime.*`), not an exception of user code."""

    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace


# ---------------------------------------------------------------------------------------------------
# JSON, as the managed runtime encodes it

# python3.12 and later emit non-ASCII characters as is; earlier runtimes escape them.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV", "") in (
    "AWS_Lambda_python3.8",
    "AWS_Lambda_python3.9",
    "AWS_Lambda_python3.10",
    "AWS_Lambda_python3.11",
)


class LambdaJSONEncoder(json.JSONEncoder):
    # AWS encodes Decimal (DynamoDB numbers) as a JSON number; ints stay exact, the rest go via float.
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def to_json(value, ensure_ascii=None):
    return LambdaJSONEncoder(ensure_ascii=_ENSURE_ASCII if ensure_ascii is None else ensure_ascii).encode(value)


def marshal_response(result):
    """The response body and its content type; bytes go out untouched, like AWS's client does."""
    if isinstance(result, (bytes, bytearray)):
        return bytes(result), "application/unknown"
    try:
        return to_json(result).encode("utf-8"), "application/json"
    except Exception as e:
        raise Fault(MARSHAL_ERROR, "Unable to marshal response: {}".format(e))


def unmarshal_event(body, content_type):
    # RAPID always sends application/json; a missing header is read as JSON rather than handing raw
    # bytes to the handler.
    if content_type and content_type.split(";")[0].strip() != "application/json":
        return body
    try:
        return json.loads(body)
    except Exception as e:
        raise Fault(UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(e))


# ---------------------------------------------------------------------------------------------------
# Error payloads and stack traces


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def user_frames(tb):
    """(file, line, function, source) frames of a traceback, without this runtime's leading frames."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if os.path.abspath(frame[0]) != THIS_FILE:
            return frames[i:]
    return frames


def error_from_exception(exc, request_id=None):
    """AWS's payload for an exception raised by user code: the frames are formatted like
    `  File "/var/task/app.py", line 5, in lambda_handler\\n    raise ValueError("x")\\n`."""
    frames = user_frames(exc.__traceback__)
    # format_list on plain tuples: no `^^^^` position markers, as in AWS's payloads.
    return make_error(str(exc), type(exc).__name__, traceback.format_list(frames), request_id), frames


def xray_cause(error_type, message, frames):
    return {
        "working_directory": os.getcwd(),
        "exceptions": [
            {
                "message": message,
                "type": error_type,
                "stack": [{"label": name, "path": path, "line": line} for path, line, name, _src in frames],
            }
        ],
        "paths": sorted({path for path, _line, _name, _src in frames}),
    }


def header_safe(value, fallback):
    # http.client sends headers as latin-1; an error type is an identifier, so ASCII is the norm.
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return fallback


# ---------------------------------------------------------------------------------------------------
# Logging

_current_request_id = ""


def _stdout_write(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def one_event(text):
    """A record as one stdout line: inner newlines become "\\r", one "\\n" ends it."""
    if text.endswith("\n"):
        text = text[:-1]
    return text.replace("\r\n", "\n").replace("\n", LINE_JOIN) + "\n"


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _current_request_id
        return True


class LambdaLogHandler(logging.Handler):
    def emit(self, record):
        try:
            _stdout_write(one_event(self.format(record)))
        except Exception:
            self.handleError(record)


TEXT_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Attributes of a LogRecord that are not user `extra=` fields.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "aws_request_id",
    "taskName",
}


def _level_bucket(levelno):
    # AWS reports custom levels as the standard level at or below them.
    return min(50, max(0, levelno)) // 10 * 10


class JsonLogFormatter(logging.Formatter):
    """AWS's JSON application-log shape: timestamp, level, message, logger, requestId, plus
    errorType/errorMessage/stackTrace/location for exceptions and any `extra=` fields."""

    def format(self, record):
        level = logging.getLevelName(_level_bucket(record.levelno))
        created = datetime.fromtimestamp(record.created, tz=timezone.utc)
        entry = {
            "timestamp": created.strftime(DATE_FORMAT + ".%f")[:-3] + "Z",
            "level": level,
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", None),
        }
        if record.exc_info:
            etype, evalue, etb = record.exc_info
            entry["stackTrace"] = traceback.format_tb(etb)
            entry["errorType"] = etype.__name__ if etype else None
            entry["errorMessage"] = str(evalue)
            entry["location"] = "{}:{}:{}".format(record.pathname, record.funcName, record.lineno)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_") and key not in entry:
                entry[key] = value
        entry = {k: v for k, v in entry.items() if v is not None}
        return json.dumps(entry, ensure_ascii=False, default=str) + "\n"


def configured_log_level(log_format):
    """The root logger's level.

    awslambdaric only sets it when AWS_LAMBDA_LOG_LEVEL is present (TRACE meaning DEBUG). Without it
    the root logger keeps Python's default WARNING, so with the Text format `logging.info(...)` is not
    shown unless the function calls `setLevel` (python3.12 behaves so). With the JSON format Lambda
    always sets AWS_LAMBDA_LOG_LEVEL (the application log level, INFO by default), hence INFO here.
    """
    raw = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").strip().upper()
    if raw == "TRACE":
        raw = "DEBUG"
    if not raw and log_format == "JSON":
        raw = "INFO"
    return raw if raw in ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL") else None


def setup_logging(log_format):
    logging.Formatter.converter = time.gmtime
    handler = LambdaLogHandler()
    if log_format == "JSON":
        handler.setFormatter(JsonLogFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT, DATE_FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = configured_log_level(log_format)
    if level:
        root.setLevel(level)
    root.addHandler(handler)


def log_error(error, log_format):
    """The ERROR record AWS's runtime writes for an unhandled exception or init failure."""
    if log_format == "JSON":
        record = {"timestamp": time.strftime(DATE_FORMAT, time.gmtime()), "level": "ERROR"}
        record.update(error)
        _stdout_write(to_json(record) + "\n")
        return
    head = "[ERROR]"
    if error.get("errorType"):
        head += " " + error["errorType"]
    if error.get("errorMessage"):
        head += (":" if error.get("errorType") else "") + " " + error["errorMessage"]
    lines = [head]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            for line in element.splitlines() or [""]:
                stripped = line.lstrip(" ")
                lines.append(TRACE_INDENT * (len(line) - len(stripped)) + stripped)
    _stdout_write(one_event("\n".join(lines)))


def flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# ---------------------------------------------------------------------------------------------------
# The context object (awslambdaric's attribute names and types)


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id={},cognito_identity_pool_id={}])".format(
            self.cognito_identity_id, self.cognito_identity_pool_id
        )


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __repr__(self):
        return "Client([" + ",".join("{}={}".format(k, getattr(self, k)) for k in self.__slots__) + "])"


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return "ClientContext([custom={},env={},client={}])".format(self.custom, self.env, self.client)


def _object_from(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field) if isinstance(values, dict) else None)
    return obj


class LambdaContext(object):
    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context, cognito_identity, tenant_id):
        env = os.environ
        self.aws_request_id = request_id
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        # A string, as in AWS (it is read from the environment and never converted).
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _object_from(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from(Client, self.client_context.client)
        # Always an object; its fields are None when the invoke carried no Cognito identity.
        self.identity = _object_from(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        _stdout_write(str(msg))

    def __repr__(self):
        fields = [
            "aws_request_id",
            "log_group_name",
            "log_stream_name",
            "function_name",
            "memory_limit_in_mb",
            "function_version",
            "invoked_function_arn",
            "client_context",
            "identity",
            "tenant_id",
        ]
        return "LambdaContext([" + ",".join("{}={}".format(f, getattr(self, f)) for f in fields) + "])"


def parse_json_header(value, name):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise Fault(CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, e))


# ---------------------------------------------------------------------------------------------------
# Runtime API client: one keep-alive connection, reused for every call


class RuntimeApi(object):
    def __init__(self, address):
        self.address = address
        self.conn = http.client.HTTPConnection(address)

    def _request(self, method, path, body=None, headers=None):
        # A dropped keep-alive connection is retried once on a fresh one.
        for attempt in (1, 2):
            try:
                self.conn.request(method, API_PREFIX + path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise

    def next_invocation(self):
        while True:
            response, body = self._request("GET", "/invocation/next")
            if response.status == 200:
                return response, body
            # Like AWS's client: a non-2xx answer to /next is retried, after a short pause.
            sys.stderr.write("bootstrap: /invocation/next answered {}\n".format(response.status))
            time.sleep(0.1)

    def post(self, path, body, headers):
        response, text = self._request("POST", path, body, headers)
        if response.status >= 300:
            # The emulator decides what happens to the environment; keep serving.
            sys.stderr.write(
                "bootstrap: {} answered {}: {}\n".format(path, response.status, text.decode("utf-8", "replace"))
            )

    def post_response(self, request_id, body, content_type):
        self.post("/invocation/{}/response".format(request_id), body, {"Content-Type": content_type})

    def post_error(self, request_id, error, cause):
        # awslambdaric's C client sends no error-type header on invocation errors (Lambda then reports
        # `Unhandled`); the type is sent here too so the Runtime API can read it without the body.
        headers = {
            "Content-Type": "application/json",
            ERROR_TYPE_HEADER: header_safe(error["errorType"], "Unhandled"),
        }
        cause_json = json.dumps(cause)
        if len(cause_json) < XRAY_CAUSE_MAX_BYTES:
            headers[XRAY_CAUSE_HEADER] = cause_json
        self.post("/invocation/{}/error".format(request_id), to_json(error).encode("utf-8"), headers)

    def post_init_error(self, error):
        headers = {
            "Content-Type": "application/json",
            ERROR_TYPE_HEADER: header_safe(error["errorType"], "Unhandled"),
        }
        self.post("/init/error", to_json(error).encode("utf-8"), headers)


# ---------------------------------------------------------------------------------------------------
# Handler import


def split_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise Fault(MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, e))
    return module_name, function_name


def load_handler(handler):
    module_name, function_name = split_handler(handler)
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault(
            BUILT_IN_MODULE_CONFLICT, "Cannot use built-in module {} as a handler module".format(module_name)
        )
    try:
        # `handlers/orders.create` imports `handlers.orders`; messages keep the name as written.
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise Fault(IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault(USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault(HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(function_name, module_name))


def unshadow(module_name, task_root):
    """Forgets a standard module this runtime loaded (http.client pulls in email, socket, calendar...)
    when the handler's own top-level module has that name, so the user's file is the one imported,
    as on AWS where those modules are not loaded before the handler."""
    top = module_name.replace("/", ".").split(".")[0]
    loaded = sys.modules.get(top)
    user_path = os.path.join(task_root, top)
    if loaded is None or not (os.path.isfile(user_path + ".py") or os.path.isdir(user_path)):
        return
    origin = os.path.abspath(getattr(loaded, "__file__", None) or "")
    if origin.startswith(os.path.abspath(task_root) + os.sep):
        return
    for name in list(sys.modules):
        if name == top or name.startswith(top + "."):
            del sys.modules[name]


def prepare_sys_path(task_root):
    # The code folder first, as on AWS, and not this script's folder: user code must not see it.
    here = os.path.dirname(THIS_FILE)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, task_root)


# ---------------------------------------------------------------------------------------------------
# The loop


def handle_invocation(api, request_handler, response, body, log_format):
    global _current_request_id
    headers = response.headers
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
    _current_request_id = request_id
    trace_id = headers.get("Lambda-Runtime-Trace-Id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)

    error = None
    cause = None
    try:
        try:
            deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        except ValueError:
            deadline_ms = 0
        context = LambdaContext(
            request_id,
            deadline_ms,
            headers.get("Lambda-Runtime-Invoked-Function-Arn"),
            parse_json_header(headers.get("Lambda-Runtime-Client-Context"), "Client Context"),
            parse_json_header(headers.get("Lambda-Runtime-Cognito-Identity"), "Cognito Identity"),
            headers.get("Lambda-Runtime-Aws-Tenant-Id"),
        )
        event = unmarshal_event(body, headers.get("Content-Type"))
        result = request_handler(event, context)
        payload, content_type = marshal_response(result)
    except Fault as fault:
        error = make_error(fault.message, fault.error_type, fault.stack_trace, request_id)
        cause = xray_cause("LambdaValidationError", fault.message, [])
    except Exception as exc:
        error, frames = error_from_exception(exc, request_id)
        cause = xray_cause(error["errorType"], error["errorMessage"], frames)

    if error is not None:
        log_error(error, log_format)
    # Every line the handler wrote reaches the emulator before the result does.
    flush_output()
    if error is not None:
        api.post_error(request_id, error, cause)
    else:
        api.post_response(request_id, payload, content_type)


def fail_init(api, error, log_format):
    logging.warning(INIT_FAILURE_WARNING)
    log_error(error, log_format)
    flush_output()
    try:
        api.post_init_error(error)
    finally:
        sys.exit(1)


def main():
    log_format = "JSON" if os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON" else "Text"
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except Exception:
            pass
    setup_logging(log_format)
    api = RuntimeApi(os.environ.get("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"))
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    prepare_sys_path(task_root)

    handler = os.environ.get("_HANDLER", "")
    unshadow(handler.rsplit(".", 1)[0], task_root)
    try:
        request_handler = load_handler(handler)
    except Fault as fault:
        fail_init(api, make_error(fault.message, fault.error_type, fault.stack_trace), log_format)
    except Exception as exc:
        # Any other exception while importing the module is reported under its own type.
        fail_init(api, error_from_exception(exc)[0], log_format)

    try:
        while True:
            response, body = api.next_invocation()
            handle_invocation(api, request_handler, response, body, log_format)
    except (OSError, http.client.HTTPException) as e:
        # The Runtime API went away (the emulator is closing or recycled this environment).
        sys.stderr.write("bootstrap: lost the Runtime API at {}: {}\n".format(api.address, e))
        sys.exit(1)


if __name__ == "__main__":
    main()
