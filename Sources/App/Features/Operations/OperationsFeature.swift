import Vapor

/// Operations: health and readiness checks for the load balancer.
enum OperationsFeature: Feature {
    static var rootRoutes: [any RouteCollection] { [OperationsController()] }
}
