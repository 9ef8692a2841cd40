package main

import (
	"errors"
	"net"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// A conditional write is an update or findAndModify of one document chosen by a string _id plus
// other conditions ({ _id, version: 3 }). FerretDB's SQLite backend finds such a document by
// scanning the whole collection, since only a filter that is exactly { _id } reaches SQL. While the
// database's write lock is held nothing else writes, so the proxy can do what MongoDB does in one
// step: read the document by _id, check the conditions, and write it by _id when they hold.
type conditionalWrite struct {
	msg        *opMessage
	name       string
	collection string
	db         string
	id         bson.RawValue
	filter     bson.Raw
	statement  bson.Raw // the single update statement, for "update"
}

var internalRequestID atomic.Int32

func init() {
	internalRequestID.Store(1 << 30)
}

func detectConditionalWrite(req []byte, cmd command) *conditionalWrite {
	if (cmd.name != "update" && cmd.name != "findAndModify") || !cmd.expectsReply {
		return nil
	}
	m, err := parseOpMsg(req)
	if err != nil {
		return nil
	}
	w := &conditionalWrite{msg: m, name: cmd.name, db: cmd.db}
	collection, ok := m.body.Lookup(cmd.name).StringValueOK()
	if !ok {
		return nil
	}
	w.collection = collection
	if cmd.name == "update" {
		statements := m.sequences["updates"]
		if array, ok := m.body.Lookup("updates").ArrayOK(); ok {
			values, _ := array.Values()
			for _, v := range values {
				statements = append(statements, v.Document())
			}
		}
		if len(statements) != 1 || isSet(statements[0], "multi") || isSet(statements[0], "upsert") || has(statements[0], "arrayFilters", "hint", "collation") {
			return nil
		}
		w.statement = statements[0]
		w.filter, ok = statements[0].Lookup("q").DocumentOK()
	} else {
		if isSet(m.body, "upsert") || isSet(m.body, "remove") || has(m.body, "arrayFilters", "hint", "collation") || nonEmpty(m.body, "sort") {
			return nil
		}
		w.filter, ok = m.body.Lookup("query").DocumentOK()
	}
	if !ok || !supportedFilter(w.filter) {
		return nil
	}
	elements, _ := w.filter.Elements()
	id, err := w.filter.LookupErr("_id")
	if err != nil || id.Type != bson.TypeString || len(elements) < 2 {
		return nil
	}
	w.id = id
	return w
}

// run answers the client for a detected conditional write; the caller holds the database's write lock.
func (w *conditionalWrite) run(client, backend net.Conn) error {
	doc, err := w.findByID(backend)
	if err != nil {
		return err
	}
	if doc == nil {
		_, err := client.Write(buildOpMsg(internalRequestID.Add(1), w.msg.requestID, w.noMatchReply()))
		return err
	}
	match, ok := matches(doc, w.filter)
	if !ok {
		return roundTrip(rawMessage(w.msg), true, client, backend)
	}
	if !match {
		_, err := client.Write(buildOpMsg(internalRequestID.Add(1), w.msg.requestID, w.noMatchReply()))
		return err
	}
	rewritten, err := w.byIDOnly()
	if err != nil {
		return err
	}
	return roundTrip(rewritten, true, client, backend)
}

func (w *conditionalWrite) findByID(backend net.Conn) (bson.Raw, error) {
	body, err := bson.Marshal(bson.D{
		{Key: "find", Value: w.collection},
		{Key: "filter", Value: bson.D{{Key: "_id", Value: w.id}}},
		{Key: "limit", Value: int32(1)},
		{Key: "singleBatch", Value: true},
		{Key: "$db", Value: w.db},
	})
	if err != nil {
		return nil, err
	}
	if _, err := backend.Write(buildOpMsg(internalRequestID.Add(1), 0, body)); err != nil {
		return nil, err
	}
	reply, err := readMessage(backend)
	if err != nil {
		return nil, err
	}
	answer, err := replyBody(reply)
	if err != nil {
		return nil, err
	}
	batch, ok := answer.Lookup("cursor", "firstBatch").ArrayOK()
	if !ok {
		return nil, errors.New("find by _id: unexpected reply")
	}
	values, _ := batch.Values()
	if len(values) == 0 {
		return nil, nil
	}
	return values[0].Document(), nil
}

// noMatchReply is what MongoDB answers when the filter matches nothing.
func (w *conditionalWrite) noMatchReply() []byte {
	var reply bson.D
	if w.name == "update" {
		reply = bson.D{{Key: "n", Value: int32(0)}, {Key: "nModified", Value: int32(0)}, {Key: "ok", Value: 1.0}}
	} else {
		reply = bson.D{
			{Key: "lastErrorObject", Value: bson.D{{Key: "n", Value: int32(0)}, {Key: "updatedExisting", Value: false}}},
			{Key: "value", Value: nil},
			{Key: "ok", Value: 1.0},
		}
	}
	body, _ := bson.Marshal(reply)
	return body
}

// byIDOnly is the same command with its filter narrowed to { _id }, which FerretDB looks up by index.
func (w *conditionalWrite) byIDOnly() ([]byte, error) {
	byID := bson.D{{Key: "_id", Value: w.id}}
	var body bson.D
	elements, err := w.msg.body.Elements()
	if err != nil {
		return nil, err
	}
	for _, e := range elements {
		switch {
		case w.name == "update" && e.Key() == "updates":
			continue
		case w.name == "findAndModify" && e.Key() == "query":
			body = append(body, bson.E{Key: "query", Value: byID})
		default:
			body = append(body, bson.E{Key: e.Key(), Value: e.Value()})
		}
	}
	if w.name == "update" {
		statement, err := replaceKey(w.statement, "q", byID)
		if err != nil {
			return nil, err
		}
		body = append(body, bson.E{Key: "updates", Value: bson.A{statement}})
	}
	encoded, err := bson.Marshal(body)
	if err != nil {
		return nil, err
	}
	return buildOpMsg(w.msg.requestID, 0, encoded), nil
}

func replaceKey(doc bson.Raw, key string, value any) (bson.D, error) {
	elements, err := doc.Elements()
	if err != nil {
		return nil, err
	}
	out := make(bson.D, 0, len(elements))
	for _, e := range elements {
		if e.Key() == key {
			out = append(out, bson.E{Key: key, Value: value})
		} else {
			out = append(out, bson.E{Key: e.Key(), Value: e.Value()})
		}
	}
	return out, nil
}

// rawMessage re-encodes a parsed request unchanged in meaning (document sequences become arrays).
func rawMessage(m *opMessage) []byte {
	var body bson.D
	elements, _ := m.body.Elements()
	for _, e := range elements {
		body = append(body, bson.E{Key: e.Key(), Value: e.Value()})
	}
	for id, docs := range m.sequences {
		array := bson.A{}
		for _, d := range docs {
			array = append(array, d)
		}
		body = append(body, bson.E{Key: id, Value: array})
	}
	encoded, _ := bson.Marshal(body)
	return buildOpMsg(m.requestID, 0, encoded)
}

func isSet(doc bson.Raw, key string) bool {
	v, err := doc.LookupErr(key)
	return err == nil && truthy(v)
}

func has(doc bson.Raw, keys ...string) bool {
	for _, key := range keys {
		if _, err := doc.LookupErr(key); err == nil {
			return true
		}
	}
	return false
}

func nonEmpty(doc bson.Raw, key string) bool {
	v, err := doc.LookupErr(key)
	if err != nil {
		return false
	}
	if d, ok := v.DocumentOK(); ok {
		elements, _ := d.Elements()
		return len(elements) > 0
	}
	return true
}
