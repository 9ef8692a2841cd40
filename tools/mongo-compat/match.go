package main

import (
	"bytes"
	"cmp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The subset of MongoDB query semantics our conditional writes use: top-level (or dotted) field
// conditions that are a plain value or an operator document of $eq, $ne, $in, $nin, $gt, $gte, $lt,
// $lte and $exists. A filter outside this subset is not accelerated and goes to FerretDB as it is.

var supportedOperators = map[string]bool{
	"$eq": true, "$ne": true, "$in": true, "$nin": true, "$gt": true, "$gte": true, "$lt": true, "$lte": true, "$exists": true,
}

func supportedFilter(filter bson.Raw) bool {
	elements, err := filter.Elements()
	if err != nil {
		return false
	}
	for _, e := range elements {
		key := e.Key()
		if strings.HasPrefix(key, "$") || key == "" {
			return false
		}
		v := e.Value()
		if v.Type == bson.TypeEmbeddedDocument && isOperatorDocument(v.Document()) {
			ops, _ := v.Document().Elements()
			for _, op := range ops {
				if !supportedOperators[op.Key()] {
					return false
				}
			}
		}
		if v.Type == bson.TypeRegex || v.Type == bson.TypeJavaScript {
			return false
		}
	}
	return true
}

func isOperatorDocument(doc bson.Raw) bool {
	elements, err := doc.Elements()
	return err == nil && len(elements) > 0 && strings.HasPrefix(elements[0].Key(), "$")
}

// matches answers whether doc satisfies filter; ok is false when a path crosses an array (not in the subset).
func matches(doc bson.Raw, filter bson.Raw) (match bool, ok bool) {
	elements, err := filter.Elements()
	if err != nil {
		return false, false
	}
	for _, e := range elements {
		value, found, ok := lookup(doc, e.Key())
		if !ok {
			return false, false
		}
		condition := e.Value()
		var m bool
		if condition.Type == bson.TypeEmbeddedDocument && isOperatorDocument(condition.Document()) {
			m = operatorsMatch(value, found, condition.Document())
		} else {
			m = equalsOrContains(value, found, condition)
		}
		if !m {
			return false, true
		}
	}
	return true, true
}

func lookup(doc bson.Raw, path string) (bson.RawValue, bool, bool) {
	current := bson.RawValue{Type: bson.TypeEmbeddedDocument, Value: doc}
	for _, part := range strings.Split(path, ".") {
		switch current.Type {
		case bson.TypeEmbeddedDocument:
			next, err := current.Document().LookupErr(part)
			if err != nil {
				return bson.RawValue{}, false, true
			}
			current = next
		case bson.TypeArray:
			return bson.RawValue{}, false, false
		default:
			return bson.RawValue{}, false, true
		}
	}
	return current, true, true
}

func operatorsMatch(value bson.RawValue, found bool, ops bson.Raw) bool {
	elements, _ := ops.Elements()
	for _, op := range elements {
		operand := op.Value()
		var m bool
		switch op.Key() {
		case "$eq":
			m = equalsOrContains(value, found, operand)
		case "$ne":
			m = !equalsOrContains(value, found, operand)
		case "$in":
			m = inList(value, found, operand)
		case "$nin":
			m = !inList(value, found, operand)
		case "$exists":
			m = found == truthy(operand)
		default:
			m = found && compares(value, operand, op.Key())
		}
		if !m {
			return false
		}
	}
	return true
}

func inList(value bson.RawValue, found bool, list bson.RawValue) bool {
	if list.Type != bson.TypeArray {
		return false
	}
	items, _ := list.Array().Values()
	for _, item := range items {
		if equalsOrContains(value, found, item) {
			return true
		}
	}
	return false
}

// equalsOrContains is MongoDB's equality: a missing field equals null; an array field matches
// when it equals the operand or one of its elements does.
func equalsOrContains(value bson.RawValue, found bool, operand bson.RawValue) bool {
	if !found {
		return operand.Type == bson.TypeNull
	}
	if equal(value, operand) {
		return true
	}
	if value.Type == bson.TypeArray {
		items, _ := value.Array().Values()
		for _, item := range items {
			if equal(item, operand) {
				return true
			}
		}
	}
	return false
}

func equal(a, b bson.RawValue) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	return a.Type == b.Type && bytes.Equal(a.Value, b.Value)
}

func compares(a, b bson.RawValue, op string) bool {
	var c int
	if x, ok := number(a); ok {
		y, ok := number(b)
		if !ok {
			return false
		}
		c = cmp.Compare(x, y)
	} else if a.Type == bson.TypeDateTime && b.Type == bson.TypeDateTime {
		c = cmp.Compare(a.DateTime(), b.DateTime())
	} else if a.Type == bson.TypeString && b.Type == bson.TypeString {
		c = strings.Compare(a.StringValue(), b.StringValue())
	} else {
		return false
	}
	switch op {
	case "$gt":
		return c > 0
	case "$gte":
		return c >= 0
	case "$lt":
		return c < 0
	default:
		return c <= 0
	}
}

func number(v bson.RawValue) (float64, bool) {
	switch v.Type {
	case bson.TypeInt32:
		return float64(v.Int32()), true
	case bson.TypeInt64:
		return float64(v.Int64()), true
	case bson.TypeDouble:
		return v.Double(), true
	}
	return 0, false
}

func truthy(v bson.RawValue) bool {
	if n, ok := number(v); ok {
		return n != 0
	}
	if v.Type == bson.TypeBoolean {
		return v.Boolean()
	}
	return v.Type != bson.TypeNull && v.Type != bson.TypeUndefined
}
