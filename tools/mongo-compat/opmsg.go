package main

import (
	"encoding/binary"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
)

const flagChecksumPresent = 1

// opMessage is an OP_MSG split into its command document and its document sequences.
type opMessage struct {
	requestID int32
	flags     uint32
	body      bson.Raw
	sequences map[string][]bson.Raw
}

func parseOpMsg(msg []byte) (*opMessage, error) {
	if opCode(msg) != opMsg || len(msg) < 21 {
		return nil, errors.New("not an OP_MSG")
	}
	m := &opMessage{
		requestID: int32(binary.LittleEndian.Uint32(msg[4:8])),
		flags:     binary.LittleEndian.Uint32(msg[16:20]),
		sequences: map[string][]bson.Raw{},
	}
	end := len(msg)
	if m.flags&flagChecksumPresent != 0 {
		end -= 4
	}
	pos := 20
	for pos < end {
		kind := msg[pos]
		pos++
		size, ok := int32At(msg, pos)
		if !ok || size < 5 || pos+size > end {
			return nil, errors.New("bad OP_MSG section")
		}
		switch kind {
		case 0:
			m.body = bson.Raw(msg[pos : pos+size])
		case 1:
			id, next, ok := cstring(msg, pos+4)
			if !ok {
				return nil, errors.New("bad document sequence")
			}
			for p := next; p < pos+size; {
				n, ok := int32At(msg, p)
				if !ok || n < 5 || p+n > pos+size {
					return nil, errors.New("bad document in sequence")
				}
				m.sequences[id] = append(m.sequences[id], bson.Raw(msg[p:p+n]))
				p += n
			}
		default:
			return nil, errors.New("unknown OP_MSG section kind")
		}
		pos += size
	}
	if m.body == nil {
		return nil, errors.New("OP_MSG without body")
	}
	return m, nil
}

// buildOpMsg encodes a command as an OP_MSG with a single body section.
func buildOpMsg(requestID, responseTo int32, body []byte) []byte {
	size := 16 + 4 + 1 + len(body)
	msg := make([]byte, 0, size)
	msg = binary.LittleEndian.AppendUint32(msg, uint32(size))
	msg = binary.LittleEndian.AppendUint32(msg, uint32(requestID))
	msg = binary.LittleEndian.AppendUint32(msg, uint32(responseTo))
	msg = binary.LittleEndian.AppendUint32(msg, opMsg)
	msg = binary.LittleEndian.AppendUint32(msg, 0)
	msg = append(msg, 0)
	return append(msg, body...)
}

// replyBody is the command document of a reply.
func replyBody(msg []byte) (bson.Raw, error) {
	m, err := parseOpMsg(msg)
	if err != nil {
		return nil, err
	}
	return m.body, nil
}
