// govmomi-sim starts govmomi's vCenter simulator (simulator.VPX, or simulator.ESX with -esx) on 127.0.0.1 for the suite's
// contract tests: an independent vim25 peer to check the suite's SOAP client and the lab's own
// simulator against. It prints one JSON line {"url": ...} on stdout and runs until SIGINT/SIGTERM.
// Credentials come from VCSIM_USERNAME / VCSIM_PASSWORD (environment, not argv, so they do not
// show up in process listings); without them any non-empty user/password logs in.
package main

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 (0 = chosen by the OS)")
	clusters := flag.Int("clusters", 1, "clusters per datacenter")
	hosts := flag.Int("hosts", 3, "hosts per cluster")
	vms := flag.Int("vms", 2, "VMs per host / resource pool")
	useTLS := flag.Bool("tls", false, "serve HTTPS (govmomi's built-in localhost certificate) instead of HTTP")
	esx := flag.Bool("esx", false, "simulate a standalone ESXi host (simulator.ESX) instead of a vCenter; -clusters and -hosts do not apply")
	flag.Parse()

	model := simulator.VPX()
	if *esx {
		model = simulator.ESX()
	} else {
		model.Cluster = *clusters
		model.ClusterHost = *hosts
	}
	model.Machine = *vms
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, "govmomi-sim: model.Create:", err)
		os.Exit(1)
	}
	defer model.Remove()

	listen := &url.URL{Host: fmt.Sprintf("127.0.0.1:%d", *port)}
	if user, pass := os.Getenv("VCSIM_USERNAME"), os.Getenv("VCSIM_PASSWORD"); user != "" && pass != "" {
		listen.User = url.UserPassword(user, pass)
	}
	model.Service.Listen = listen
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	// Print the URL without credentials: the caller already knows them.
	u := *server.URL
	u.User = nil
	line, _ := json.Marshal(map[string]string{"url": u.String()})
	fmt.Println(string(line))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
}
