package main

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"
)

// proxy forwards each client connection to its own backend connection, one request and its
// reply at a time (the MongoDB drivers never pipeline on a connection). Write commands take the
// lock of their database for the whole round trip, so no two writes to a database overlap.
type proxy struct {
	front   net.Listener
	dial    func() (net.Conn, error)
	logger  *slog.Logger
	indexer *idIndexer // nil unless the backend is SQLite
	slow    time.Duration

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func newProxy(front net.Listener, dial func() (net.Conn, error), logger *slog.Logger, indexer *idIndexer) *proxy {
	return &proxy{front: front, dial: dial, logger: logger, indexer: indexer, locks: map[string]*sync.Mutex{}}
}

func (p *proxy) serve() {
	for {
		client, err := p.front.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				p.logger.Error("accept failed", "error", err)
			}
			return
		}
		go p.handle(client)
	}
}

func (p *proxy) lockFor(db string) *sync.Mutex {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.locks[db]
	if !ok {
		l = &sync.Mutex{}
		p.locks[db] = l
	}
	return l
}

func (p *proxy) handle(client net.Conn) {
	defer client.Close()
	backend, err := p.dial()
	if err != nil {
		p.logger.Error("backend dial failed", "error", err)
		return
	}
	defer backend.Close()

	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		cmd := inspect(req)
		started := time.Now()
		if cmd.isWrite {
			l := p.lockFor(cmd.db)
			l.Lock()
			if conditional := detectConditionalWrite(req, cmd); conditional != nil {
				err = conditional.run(client, backend)
			} else {
				err = roundTrip(req, cmd.expectsReply, client, backend)
			}
			if err == nil {
				p.indexer.afterWrite(cmd, collectionOf(req, cmd))
			}
			l.Unlock()
		} else {
			err = roundTrip(req, cmd.expectsReply, client, backend)
		}
		if elapsed := time.Since(started); p.slow > 0 && elapsed > p.slow {
			p.logger.Warn("slow command", "ms", elapsed.Milliseconds(), "db", cmd.db, "command", describe(req))
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				p.logger.Debug("connection closed", "error", err)
			}
			return
		}
	}
}

// roundTrip sends one request and relays its reply; a reply flagged moreToCome is followed by more.
func roundTrip(req []byte, expectsReply bool, client, backend net.Conn) error {
	if _, err := backend.Write(req); err != nil {
		return err
	}
	if !expectsReply {
		return nil
	}
	for {
		reply, err := readMessage(backend)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil
		}
	}
}
