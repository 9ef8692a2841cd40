package main

import (
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// idIndexer adds to every collection table an index on the expression FerretDB's SQLite backend
// uses to find a document by _id. FerretDB creates its unique _id index on another expression
// (`_ferretdb_sjson->"_id"`) than the one in its queries (`_ferretdb_sjson->'$._id'`), so without
// this every update by _id scans the table. Extra indexes are invisible to clients (FerretDB lists
// indexes from its own metadata).
type idIndexer struct {
	dir    string
	logger *slog.Logger

	mu      sync.Mutex
	indexed map[string]bool // "<db>.<collection>"
	dbs     map[string]*sql.DB
}

func newIDIndexer(sqliteURL string, logger *slog.Logger) *idIndexer {
	dir := trimFileScheme(sqliteURL)
	if i := strings.IndexByte(dir, '?'); i >= 0 {
		dir = dir[:i]
	}
	return &idIndexer{dir: dir, logger: logger, indexed: map[string]bool{}, dbs: map[string]*sql.DB{}}
}

// afterWrite runs under the database's write lock after a write command has been answered.
func (x *idIndexer) afterWrite(cmd command, collection string) {
	if x == nil || cmd.db == "" {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	switch cmd.name {
	case "dropDatabase":
		for key := range x.indexed {
			if strings.HasPrefix(key, cmd.db+".") {
				delete(x.indexed, key)
			}
		}
		if db := x.dbs[cmd.db]; db != nil {
			_ = db.Close()
			delete(x.dbs, cmd.db)
		}
		return
	case "drop":
		delete(x.indexed, cmd.db+"."+collection)
		return
	}
	if collection == "" || x.indexed[cmd.db+"."+collection] {
		return
	}
	if err := x.ensure(cmd.db, collection); err != nil {
		x.logger.Debug("no _id lookup index yet", "db", cmd.db, "collection", collection, "error", err)
		return
	}
	x.indexed[cmd.db+"."+collection] = true
}

func (x *idIndexer) ensure(dbName, collection string) error {
	db := x.dbs[dbName]
	if db == nil {
		var err error
		db, err = sql.Open("sqlite", "file:"+filepath.Join(x.dir, dbName+".sqlite")+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		x.dbs[dbName] = db
	}
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		return err
	}
	quoted := strings.ReplaceAll(table, `"`, `""`)
	_, err := db.Exec(fmt.Sprintf(`CREATE INDEX IF NOT EXISTS "%s__id_lookup" ON "%s" (_ferretdb_sjson->'$._id')`, quoted, quoted))
	return err
}
