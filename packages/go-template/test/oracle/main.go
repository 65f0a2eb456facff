// go-template-oracle renders Go text/template templates exactly as Forklift does
// (pkg/templateutil: text/template + the sprig subset below), for differential tests of the
// TypeScript renderer of this package (packages/go-template/src).
//
// Protocol: one JSON object per stdin line
//
//	{"template": "...", "data": {...}, "dataType": "PVCNameTemplateData"|"VolumeNameTemplateData"|"NetworkNameTemplateData"|"map"}
//
// and one JSON object per stdout line, in the same order:
//
//	{"output": "..."}  or  {"error": "...", "kind": "parse"|"exec"}
//
// Struct data is passed as a pointer, as Forklift does. "map" data becomes
// map[string]interface{} with integral JSON numbers as int and the others as float64.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"

	"oracle/v1beta1"
)

// allowed is Forklift's FuncMap (templateutil.AddStringFuncs + AddMathFuncs); every other sprig
// function must be "not defined", as it is in the controller.
var allowed = []string{
	"lower", "upper", "contains", "replace", "trim", "trimAll", "trimSuffix", "trimPrefix",
	"title", "untitle", "repeat", "substr", "nospace", "trunc", "initials", "hasPrefix",
	"hasSuffix", "mustRegexReplaceAll",
	"add", "add1", "sub", "div", "mod", "mul", "max", "min", "floor", "ceil", "round",
}

func funcMap() template.FuncMap {
	all := sprig.TxtFuncMap()
	fm := template.FuncMap{}
	for _, name := range allowed {
		fn, ok := all[name]
		if !ok {
			panic("sprig lacks " + name)
		}
		fm[name] = fn
	}
	return fm
}

type request struct {
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	DataType string          `json:"dataType"`
}

type response struct {
	Output *string `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
	Kind   string  `json:"kind,omitempty"`
}

func decodeStrict(raw json.RawMessage, into interface{}) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}

// normalize turns json.Number into int or float64, recursively.
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case json.Number:
		s := t.String()
		if !strings.ContainsAny(s, ".eE") {
			if i, err := t.Int64(); err == nil {
				return int(i)
			}
		}
		f, _ := t.Float64()
		return f
	case map[string]interface{}:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case []interface{}:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}

func buildData(req request) (interface{}, error) {
	switch req.DataType {
	case "", "PVCNameTemplateData":
		d := &v1beta1.PVCNameTemplateData{}
		return d, decodeStrict(req.Data, d)
	case "VolumeNameTemplateData":
		d := &v1beta1.VolumeNameTemplateData{}
		return d, decodeStrict(req.Data, d)
	case "NetworkNameTemplateData":
		d := &v1beta1.NetworkNameTemplateData{}
		return d, decodeStrict(req.Data, d)
	case "map":
		var m interface{}
		if len(req.Data) == 0 {
			return map[string]interface{}{}, nil
		}
		dec := json.NewDecoder(bytes.NewReader(req.Data))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		return normalize(m), nil
	}
	return nil, fmt.Errorf("unknown dataType %q", req.DataType)
}

// render mirrors templateutil.ExecuteTemplate: template named "template", funcs added before parsing.
func render(fm template.FuncMap, req request) (resp response) {
	data, err := buildData(req)
	if err != nil {
		return response{Error: "oracle: bad data: " + err.Error(), Kind: "input"}
	}
	tmpl, err := template.New("template").Funcs(fm).Parse(req.Template)
	if err != nil {
		return response{Error: err.Error(), Kind: "parse"}
	}
	defer func() {
		if r := recover(); r != nil {
			resp = response{Error: fmt.Sprint("panic: ", r), Kind: "exec"}
		}
	}()
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return response{Error: err.Error(), Kind: "exec"}
	}
	out := buf.String()
	return response{Output: &out}
}

func main() {
	fm := funcMap()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var req request
		var resp response
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			resp = response{Error: "oracle: bad request: " + err.Error(), Kind: "input"}
		} else {
			resp = render(fm, req)
		}
		if err := enc.Encode(resp); err != nil {
			fmt.Fprintln(os.Stderr, "oracle: encode:", err)
			os.Exit(1)
		}
		// Flush per line so a caller can stream requests and responses.
		if err := out.Flush(); err != nil {
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle: read:", err)
		os.Exit(1)
	}
}
