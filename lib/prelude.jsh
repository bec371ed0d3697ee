// ovntrace JShell prelude: the library's types, and a reminder of the fluent API on stderr.
import ovntrace.lib.api.*;
import ovntrace.lib.fanout.*;
import ovntrace.lib.cluster.*;
import ovntrace.lib.trace.*;
import ovntrace.lib.trace.TraceRequest.Target;
import ovntrace.report.*;
import java.nio.file.*;
import java.time.Duration;

System.err.println("""
    ovntrace library loaded. For example:
      var ovn = Ovntrace.connect();      // or Ovntrace.connect("/run/ovntrace-sandbox/kubeconfig")
                                         // or Ovntrace.offline(Path.of("must-gather.local.123")): no cluster
      var run = ovn.trace("default/pod-a").to("default/pod-b").udp(53).run();
      run.lines(); run.passed(); run.markdown(); run.save("report.html");
      var m = ovn.matrix().from("shop", "app=front").toService("shop", "api").allEndpoints().tcp().run();
      m.failed(); m.save("matrix.html");
      try (var s = ovn.session()) { s.trace(...)...run(); }   // many traces: one ovn-trace daemon per zone
    """);
