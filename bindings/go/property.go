package secretvault

/*
#include "shim.h"
*/
import "C"

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"unsafe"

	"secretvault/types"
)

// GetSecretProperty reads the AWSCURRENT value of a secret holding a JSON
// document and returns one property of it, with the grammar of the External
// Secrets Operator: a top-level key equal to property wins (keys may hold
// dots); otherwise property is a dot-separated path where "\." is a literal
// dot, a number indexes an array and "#" is an array's length. Strings come
// back as their text; numbers, booleans and null as their JSON text;
// objects and arrays as compact JSON. A missing property is a
// ResourceNotFoundException.
func (v *Vault) GetSecretProperty(ctx context.Context, secretID, property string) (string, error) {
	const op = "GetSecretProperty"
	if ctx != nil && ctx.Err() != nil {
		return "", opError(op, ctx.Err())
	}
	cid := C.CString(secretID)
	defer C.free(unsafe.Pointer(cid))
	cpath := C.CString(property)
	defer C.free(unsafe.Pointer(cpath))
	var val *C.sv_value
	var msg errBuf
	v.mu.Lock()
	if v.h == nil {
		v.mu.Unlock()
		return "", opError(op, ErrClosed)
	}
	rc := C.gosv_property(&val, v.h, cid, cpath, msg.ptr(), errBufSize)
	v.mu.Unlock()
	runtime.KeepAlive(v)
	if rc != C.SV_OK {
		return "", opError(op, nativeError(rc, msg.String()))
	}
	s := C.GoStringN((*C.char)(C.sv_value_data(val)), C.int(C.sv_value_size(val)))
	C.sv_value_free(val) // zeroes the C copy
	return s, nil
}

// Transformations of variable names for Env.
const (
	TransformUppercase = "uppercase" // the default
	TransformLowercase = "lowercase"
	TransformNone      = "none"
)

var envPrefixRE = regexp.MustCompile(`^[a-zA-Z0-9/_+=.@-]{3,}\*$`)

// Env builds environment variables from secrets with the rules of the
// GitHub Action aws-actions/aws-secretsmanager-get-secrets. Each entry of
// ids is "ID" or "ALIAS,ID" (split at the first comma, both trimmed):
//
//   - the variable is named after ALIAS, else after the secret's name,
//     transformed: a leading digit gets "_", any character outside
//     [A-Za-z0-9_] becomes "_", then the case rule of transform
//     ("uppercase" when "", "lowercase" or "none");
//   - with parseJSON, a value that is a JSON object gives one variable per
//     key, PREFIX_KEY, nested objects recursing; a blank alias (",ID")
//     drops the prefix;
//   - an ID ending in "*" (at least 3 characters before it) selects every
//     secret whose name starts with the rest, at most 100; an alias then
//     must select exactly one.
//
// Two entries producing the same name are an error (ResourceExistsException)
// naming both sources: give one an alias.
func (v *Vault) Env(ctx context.Context, ids []string, parseJSON bool, transform string) (map[string]string, error) {
	const op = "Env"
	var how C.uint32_t
	switch transform {
	case "", TransformUppercase:
		how = C.SV_ENV_UPPERCASE
	case TransformLowercase:
		how = C.SV_ENV_LOWERCASE
	case TransformNone:
		how = C.SV_ENV_NONE
	default:
		return nil, opError(op, newAPIError("InvalidParameterException",
			fmt.Sprintf("the name transformation %q is not one of uppercase, lowercase, none", transform)))
	}
	type entry struct {
		alias *string
		id    string
	}
	var entries []entry
	for _, line := range ids {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var e entry
		if a, id, ok := strings.Cut(line, ","); ok {
			a = strings.TrimSpace(a)
			e.alias, e.id = &a, strings.TrimSpace(id)
		} else {
			e.id = line
		}
		if !strings.Contains(e.id, "*") {
			entries = append(entries, e)
			continue
		}
		if !envPrefixRE.MatchString(e.id) {
			return nil, opError(op, newAPIError("InvalidParameterException",
				fmt.Sprintf("the secret id %s must be a name prefix of at least 3 characters followed by a single *", e.id)))
		}
		prefix := strings.TrimSuffix(e.id, "*")
		page, err := v.ListSecrets(ctx, &ListSecretsInput{
			Filters:    []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{prefix}}},
			MaxResults: Int32(100),
		})
		if err != nil {
			return nil, err
		}
		if page.NextToken != nil {
			return nil, opError(op, newAPIError("LimitExceededException",
				fmt.Sprintf("more than 100 secrets match %s; use a longer prefix", e.id)))
		}
		if len(page.SecretList) == 0 {
			return nil, opError(op, newAPIError("ResourceNotFoundException",
				fmt.Sprintf("no secret matches %s", e.id)))
		}
		if e.alias != nil && *e.alias != "" && len(page.SecretList) != 1 {
			return nil, opError(op, newAPIError("InvalidParameterException",
				fmt.Sprintf("the alias %s is given to %s, which matches %d secrets; an alias needs exactly one",
					*e.alias, e.id, len(page.SecretList))))
		}
		for _, s := range page.SecretList {
			entries = append(entries, entry{alias: e.alias, id: ToString(s.Name)})
		}
	}

	var env *C.sv_envvars
	var msg errBuf
	if rc := C.gosv_envvars_new(&env, msg.ptr(), errBufSize); rc != C.SV_OK {
		return nil, opError(op, nativeError(rc, msg.String()))
	}
	defer C.sv_envvars_free(env) // zeroes the values
	parse := C.uint32_t(0)
	if parseJSON {
		parse = 1
	}
	for _, e := range entries {
		if ctx != nil && ctx.Err() != nil {
			return nil, opError(op, ctx.Err())
		}
		if err := v.envAdd(env, e.id, e.alias, how, parse); err != nil {
			return nil, opError(op, err)
		}
	}
	n := int(C.sv_envvars_count(env))
	vars := make(map[string]string, n)
	for i := 0; i < n; i++ {
		vars[C.GoString(C.sv_envvars_name(env, C.size_t(i)))] =
			C.GoString(C.sv_envvars_value(env, C.size_t(i)))
	}
	return vars, nil
}

func (v *Vault) envAdd(env *C.sv_envvars, id string, alias *string, how, parse C.uint32_t) error {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	var calias *C.char
	if alias != nil {
		calias = C.CString(*alias)
		defer C.free(unsafe.Pointer(calias))
	}
	var msg errBuf
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.h == nil {
		return ErrClosed
	}
	if rc := C.gosv_env_add(env, v.h, cid, calias, how, parse, msg.ptr(), errBufSize); rc != C.SV_OK {
		return nativeError(rc, msg.String())
	}
	return nil
}
