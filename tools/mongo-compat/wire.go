package main

import (
	"encoding/binary"
	"fmt"
	"io"
)

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessageSize = 48 << 20
)

// Commands that only read; anything else (insert, update, delete, findAndModify, DDL, unknown
// commands) is treated as a write and serialised.
var readCommands = map[string]bool{
	"find": true, "aggregate": true, "count": true, "distinct": true, "getMore": true,
	"killCursors": true, "hello": true, "isMaster": true, "ismaster": true, "ping": true,
	"buildInfo": true, "buildinfo": true, "listCollections": true, "listIndexes": true,
	"listDatabases": true, "dbStats": true, "collStats": true, "serverStatus": true,
	"endSessions": true, "getParameter": true, "saslStart": true, "saslContinue": true,
	"getLog": true, "hostInfo": true, "connectionStatus": true, "whatsmyuri": true,
	"explain": true, "getCmdLineOpts": true, "getFreeMonitoringStatus": true,
}

type command struct {
	name         string
	db           string
	isWrite      bool
	expectsReply bool
}

func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(header[0:4]))
	if size < 16 || size > maxMessageSize {
		return nil, fmt.Errorf("bad message size %d", size)
	}
	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func moreToCome(msg []byte) bool {
	return opCode(msg) == opMsg && len(msg) >= 20 && binary.LittleEndian.Uint32(msg[16:20])&flagMoreToCome != 0
}

func opCode(msg []byte) int32 {
	return int32(binary.LittleEndian.Uint32(msg[12:16]))
}

// inspect reads the command name (the first key of the body) and its $db from an OP_MSG.
// Legacy opcodes (the drivers' first handshake) are reads that expect a reply.
func inspect(msg []byte) command {
	if opCode(msg) != opMsg || len(msg) < 21 {
		return command{expectsReply: true}
	}
	cmd := command{expectsReply: !moreToCome(msg)}
	pos := 20
	for pos < len(msg) {
		kind := msg[pos]
		pos++
		if pos+4 > len(msg) {
			break
		}
		size := int(binary.LittleEndian.Uint32(msg[pos : pos+4]))
		if size < 5 || pos+size > len(msg) {
			break
		}
		if kind == 0 {
			cmd.name, cmd.db = commandNameAndDB(msg[pos : pos+size])
			break
		}
		pos += size // a document sequence (kind 1): its size covers itself
	}
	cmd.isWrite = !readCommands[cmd.name]
	return cmd
}

func commandNameAndDB(doc []byte) (name, db string) {
	pos := 4
	first := true
	for pos < len(doc)-1 {
		typ := doc[pos]
		pos++
		key, next, ok := cstring(doc, pos)
		if !ok {
			return name, db
		}
		pos = next
		if first {
			name, first = key, false
		}
		if key == "$db" && typ == 0x02 && pos+4 <= len(doc) {
			n := int(binary.LittleEndian.Uint32(doc[pos : pos+4]))
			if n >= 1 && pos+4+n <= len(doc) {
				db = string(doc[pos+4 : pos+4+n-1])
			}
		}
		size, ok := valueSize(typ, doc, pos)
		if !ok {
			return name, db
		}
		pos += size
	}
	return name, db
}

func cstring(b []byte, pos int) (string, int, bool) {
	for i := pos; i < len(b); i++ {
		if b[i] == 0 {
			return string(b[pos:i]), i + 1, true
		}
	}
	return "", 0, false
}

func int32At(b []byte, pos int) (int, bool) {
	if pos+4 > len(b) {
		return 0, false
	}
	return int(binary.LittleEndian.Uint32(b[pos : pos+4])), true
}

// valueSize is the encoded size of a BSON value of type typ starting at pos.
func valueSize(typ byte, b []byte, pos int) (int, bool) {
	switch typ {
	case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
		return 8, true
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol
		n, ok := int32At(b, pos)
		return 4 + n, ok
	case 0x03, 0x04, 0x0F: // document, array, code with scope
		return int32At(b, pos)
	case 0x05: // binary
		n, ok := int32At(b, pos)
		return 5 + n, ok
	case 0x06, 0x0A, 0x7F, 0xFF: // undefined, null, max key, min key
		return 0, true
	case 0x07: // ObjectId
		return 12, true
	case 0x08: // bool
		return 1, true
	case 0x0B: // regex: two cstrings
		_, p1, ok := cstring(b, pos)
		if !ok {
			return 0, false
		}
		_, p2, ok := cstring(b, p1)
		return p2 - pos, ok
	case 0x0C: // DBPointer
		n, ok := int32At(b, pos)
		return 4 + n + 12, ok
	case 0x10: // int32
		return 4, true
	case 0x13: // decimal128
		return 16, true
	}
	return 0, false
}

// collectionOf is the collection a command names (the value of its first key), when it is a string.
func collectionOf(msg []byte, cmd command) string {
	m, err := parseOpMsg(msg)
	if err != nil {
		return ""
	}
	name, _ := m.body.Lookup(cmd.name).StringValueOK()
	return name
}

// describe is a short text of a command for logs.
func describe(msg []byte) string {
	m, err := parseOpMsg(msg)
	if err != nil {
		return "?"
	}
	text := m.body.String()
	if len(text) > 300 {
		text = text[:300]
	}
	return text
}
